import type { AgentTool } from './toolTypes';
import { readTool } from './read';
import { writeTool } from './write';
import { editTool } from './edit';
import { globTool } from './glob';
import { grepTool } from './grep';
import { bashTool } from './bash';
import { memorySearchTool, memoryWriteTool } from './memoryTools';
import { noteTool } from './note';
import { taskUpdateTool } from './taskUpdate';
import { subagentTool } from './subagent';
import { skillTool } from './skill';

/** Every tool of SPEC §4, by its contract name. */
export const ALL_TOOLS: AgentTool[] = [
  readTool,
  writeTool,
  editTool,
  globTool,
  grepTool,
  bashTool,
  memorySearchTool,
  memoryWriteTool,
  noteTool,
  taskUpdateTool,
  subagentTool,
  skillTool,
] as AgentTool[];

export const TOOLS_BY_NAME = new Map(ALL_TOOLS.map((t) => [t.name, t]));
