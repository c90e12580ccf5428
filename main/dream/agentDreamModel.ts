import { textModelFromSettings } from '../agent/providers/textModel';
import type { DreamModel } from './modelPass';
import type { SecretStore } from '../settings/secrets/secretStore';
import type { Database } from '../db/database';

/**
 * The dream's model port over the agent's provider settings (SPEC §6): null when no provider
 * is configured, so a dream without a model is the normal case, not an error.
 */
export const dreamModelFromSettings: (dataDir: string, projectRoot: string, env: NodeJS.ProcessEnv, secrets?: SecretStore, usageDb?: Database) => DreamModel | null =
  textModelFromSettings;
