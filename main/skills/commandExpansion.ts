import { AGENT_MODES, type AgentMode } from '../../contract';
import { agentRole, loadCommand } from './artifacts';
import { artifactDirsText } from '../../contract/engramLayout';

export interface ExpandedCommand {
  /** The command that matched, e.g. `release`. */
  command: string;
  /** The command's body with `$ARGUMENTS` replaced: what the model receives. */
  prompt: string;
  /** The command's `agent` when it names a mode (OpenCode's `build`/`plan` style). */
  mode?: AgentMode;
  /** The command's `agent` when it names a subagent definition: its role and tools. */
  agentPrompt?: string;
  toolFilter?: Set<string>;
}

const INVOCATION = /^\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})(?:\s+([\s\S]*))?$/;

/**
 * `/name args` → the custom command's prompt (SPEC §3), before the prompt reaches the loop.
 * Anything else, or a `/name` with no command file (e.g. a path), is left alone: null.
 * A command naming an agent that does not exist is an error, not a silent fallback.
 */
export function expandCommand(projectRoot: string, text: string): ExpandedCommand | null {
  const m = INVOCATION.exec(text.trim());
  if (!m) return null;
  const command = loadCommand(projectRoot, m[1]);
  if (!command) return null;
  const args = (m[2] ?? '').trim();
  const body = command.body.trim();
  // Claude Code appends the arguments when the body has no placeholder; so do we.
  const prompt = body.includes('$ARGUMENTS') ? body.split('$ARGUMENTS').join(args) : args ? `${body}\n\n${args}` : body;
  const expanded: ExpandedCommand = { command: m[1], prompt: prompt.trim() || `/${m[1]}` };
  const agent = typeof command.meta.agent === 'string' ? command.meta.agent.trim() : '';
  if (!agent) return expanded;
  if ((AGENT_MODES as readonly string[]).includes(agent)) return { ...expanded, mode: agent as AgentMode };
  const role = agentRole(projectRoot, agent);
  if (!role) throw new Error(`The command /${m[1]} names the agent "${agent}", which has no definition in ${artifactDirsText('agent')}.`);
  return { ...expanded, agentPrompt: role.prompt, toolFilter: role.tools };
}
