import type { Command } from '../command';
import { initCommand } from './initCommand';
import { serveCommand } from './serveCommand';
import { runCommand } from './runCommand';
import { memoryAddCommand } from './memoryAddCommand';
import { memoryImportCommand } from './memoryImportCommand';
import { memorySearchCommand } from './memorySearchCommand';
import { memoryContextCommand } from './memoryContextCommand';
import { memoryReindexCommand } from './memoryReindexCommand';
import { memoryTimelineCommand } from './memoryTimelineCommand';
import { taskCommands } from './taskCommands';
import { dreamCommands } from './dreamCommands';
import { distillCommand, distillListCommand } from './distillCommands';
import { mcpCommand } from './mcpCommand';

/** Every CLI command; usage lists them in this order. */
export const commands: Command[] = [
  initCommand,
  memoryAddCommand,
  memoryImportCommand,
  memorySearchCommand,
  memoryContextCommand,
  memoryReindexCommand,
  memoryTimelineCommand,
  ...taskCommands,
  ...dreamCommands,
  distillCommand,
  distillListCommand,
  runCommand,
  serveCommand,
  mcpCommand,
];
