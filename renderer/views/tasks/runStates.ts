import type { TaskRunState } from '../../../contract';

/** How a card names its agent's state (the list is the contract's TASK_RUN_STATES). */
export const RUN_STATE_LABELS: Record<TaskRunState, string> = {
  idle: 'Ready',
  running: 'Running',
  waiting: 'Waiting for permission',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
};

/** States in which the agent is at work: Merge, Discard and Start wait for it. */
export const LIVE_STATES: ReadonlySet<TaskRunState> = new Set(['running', 'waiting']);
