import type { Migration } from './migration';
import { keyValueMigrations } from './keyValueSchema';
import { projectMigrations } from '../projects/schema';
import { memoryMigrations } from '../memory/schema';
import { sessionMigrations } from '../agent/sessions/schema';
import { dreamMigrations } from '../dream/schema';
import { continuityMigrations } from '../agent/continuity/schema';

/**
 * Every schema step of engram.db, in the order they are applied. Append only: a shipped
 * migration is never edited, a change is a new step.
 */
export const migrations: Migration[] = [...keyValueMigrations, ...projectMigrations, ...memoryMigrations, ...sessionMigrations, ...dreamMigrations, ...continuityMigrations].sort(
  (a, b) => a.version - b.version,
);
