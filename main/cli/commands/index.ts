import type { Command } from '../command';

export interface CommandModule {
  /** The words that name the command(s) the module holds, e.g. ['memory', 'add']. */
  words: string[];
  load(): Promise<Command>;
}

/**
 * Every CLI command, in the order usage lists them. Modules are loaded only when their command
 * runs (or for --help): `engram task list` must not pay for loading the AI SDK, the MCP SDK
 * and the tokenizer.
 */
export const commandModules: CommandModule[] = [
  { words: ['init'], load: async () => (await import('./initCommand')).initCommand },
  { words: ['memory', 'add'], load: async () => (await import('./memoryAddCommand')).memoryAddCommand },
  { words: ['memory', 'import'], load: async () => (await import('./memoryImportCommand')).memoryImportCommand },
  { words: ['memory', 'search'], load: async () => (await import('./memorySearchCommand')).memorySearchCommand },
  { words: ['memory', 'context'], load: async () => (await import('./memoryContextCommand')).memoryContextCommand },
  { words: ['memory', 'reindex'], load: async () => (await import('./memoryReindexCommand')).memoryReindexCommand },
  { words: ['memory', 'embed'], load: async () => (await import('./memoryEmbedCommand')).memoryEmbedCommand },
  { words: ['memory', 'timeline'], load: async () => (await import('./memoryTimelineCommand')).memoryTimelineCommand },
  { words: ['task', 'add'], load: async () => (await import('./taskCommands')).taskAddCommand },
  { words: ['task', 'list'], load: async () => (await import('./taskCommands')).taskListCommand },
  { words: ['task', 'move'], load: async () => (await import('./taskCommands')).taskMoveCommand },
  { words: ['task', 'log'], load: async () => (await import('./taskCommands')).taskLogCommand },
  { words: ['task', 'start'], load: async () => (await import('./taskWorktreeCommands')).taskStartCommand },
  { words: ['task', 'diff'], load: async () => (await import('./taskWorktreeCommands')).taskDiffCommand },
  { words: ['task', 'merge'], load: async () => (await import('./taskWorktreeCommands')).taskMergeCommand },
  { words: ['task', 'discard'], load: async () => (await import('./taskWorktreeCommands')).taskDiscardCommand },
  { words: ['task', 'rename'], load: async () => (await import('./taskCommands')).taskRenameCommand },
  { words: ['task', 'archive'], load: async () => (await import('./taskCommands')).taskArchiveCommand },
  { words: ['dream'], load: async () => (await import('./dreamCommands')).dreamCommand },
  { words: ['dream', 'history'], load: async () => (await import('./dreamCommands')).dreamHistoryCommand },
  { words: ['dream', 'revert'], load: async () => (await import('./dreamCommands')).dreamRevertCommand },
  { words: ['distill'], load: async () => (await import('./distillCommands')).distillCommand },
  { words: ['distill', 'list'], load: async () => (await import('./distillCommands')).distillListCommand },
  { words: ['config', 'list'], load: async () => (await import('./configCommands')).configListCommand },
  { words: ['config', 'get'], load: async () => (await import('./configCommands')).configGetCommand },
  { words: ['config', 'set'], load: async () => (await import('./configCommands')).configSetCommand },
  { words: ['config', 'set-key'], load: async () => (await import('./configCommands')).configSetKeyCommand },
  { words: ['run'], load: async () => (await import('./runCommand')).runCommand },
  { words: ['usage'], load: async () => (await import('./usageCommand')).usageCommand },
  { words: ['serve'], load: async () => (await import('./serveCommand')).serveCommand },
  { words: ['merge-driver'], load: async () => (await import('./mergeDriverCommand')).mergeDriverCommand },
  { words: ['mcp'], load: async () => (await import('./mcpCommand')).mcpCommand },
];

/** All commands, loaded: for the full usage text. */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(commandModules.map((m) => m.load()));
}
