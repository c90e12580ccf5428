import { z } from 'zod';
import { globToRegExp } from '../tools/globPattern';

export const PERMISSION_ACTIONS = ['allow', 'ask', 'deny'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/**
 * One rule: `tool` is a tool name or `*`; `pattern` matches the subject (a project-relative
 * path for file tools, the command line for bash) with `*`/`**` globs; no pattern = any.
 */
export const permissionRuleSchema = z
  .object({
    tool: z.string().min(1),
    pattern: z.string().min(1).optional(),
    action: z.enum(PERMISSION_ACTIONS),
  })
  .strict();
export type PermissionRule = z.infer<typeof permissionRuleSchema>;

/**
 * What a cautious person would choose: reading and editing inside the project proceed, shell
 * commands ask first. Paths outside the project never get this far (see projectPath.ts).
 */
export const DEFAULT_RULES: PermissionRule[] = [
  { tool: '*', action: 'allow' },
  { tool: 'bash', action: 'ask' },
  // An MCP server's tools act outside what Engram can check: ask, as for a command.
  { tool: 'mcp__*', action: 'ask' },
];

/** Last matching rule wins; with no match, ask. */
export function evaluate(rules: PermissionRule[], tool: string, subject: string | null): PermissionAction {
  let action: PermissionAction = 'ask';
  for (const rule of rules) {
    if (!toolMatches(rule.tool, tool)) continue;
    if (rule.pattern && (subject === null || !patternMatches(rule.pattern, tool, subject))) continue;
    action = rule.action;
  }
  return action;
}

/** `*` is every tool; `mcp__*` (a trailing `*`) every tool with that prefix; else the exact name. */
function toolMatches(ruleTool: string, tool: string): boolean {
  if (ruleTool === '*' || ruleTool === tool) return true;
  return ruleTool.endsWith('*') && tool.startsWith(ruleTool.slice(0, -1));
}

function patternMatches(pattern: string, tool: string, subject: string): boolean {
  // Commands are matched as text where `*` may span anything (spaces and slashes included).
  if (tool === 'bash') return new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$', 's').test(subject);
  return globToRegExp(pattern).test(subject);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
