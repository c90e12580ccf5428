import type { Command } from '../command';
import { initCommand } from './initCommand';
import { serveCommand } from './serveCommand';
import { memoryAddCommand } from './memoryAddCommand';
import { memoryImportCommand } from './memoryImportCommand';
import { memorySearchCommand } from './memorySearchCommand';
import { memoryContextCommand } from './memoryContextCommand';
import { memoryReindexCommand } from './memoryReindexCommand';
import { memoryTimelineCommand } from './memoryTimelineCommand';

/** Every CLI command; usage lists them in this order. */
export const commands: Command[] = [
  initCommand,
  memoryAddCommand,
  memoryImportCommand,
  memorySearchCommand,
  memoryContextCommand,
  memoryReindexCommand,
  memoryTimelineCommand,
  serveCommand,
];
