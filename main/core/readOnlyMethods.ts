import type { ApiMethod } from '../../contract';

/**
 * Methods that only read (or, like reindex, only rebuild what the files say): after the
 * database was found damaged and rebuilt, the host runs these once more instead of failing.
 * A method that writes is never run twice: its change may already be in a file.
 */
export const READ_ONLY_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'app.info',
  'app.notices',
  'workbench.state',
  'projects.activity',
  'projects.status',
  'tasks.list',
  'memory.timeline',
  'memory.search',
  'memory.entry',
  'memory.overview',
  'memory.reindex',
  'memory.teamStatus',
  'terminal.list',
  'agent.status',
  'sessions.list',
  'sessions.open',
  'dreams.list',
  'dreams.diff',
  'skills.list',
  'worktrees.list',
  'worktrees.diff',
  'mcp.servers',
  'usage.report',
  'settings.get',
  'settings.models',
]);
