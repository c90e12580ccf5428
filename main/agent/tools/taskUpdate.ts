import { z } from 'zod';
import { TASK_STATUSES } from '../../../contract/tasks';
import { defineTool, ToolError } from './toolTypes';
import { describeRedactions } from '../../secrets/secretScanner';

export const taskUpdateTool = defineTool({
  name: 'task_update',
  description:
    'Create a task on the board (no task_id: give a title) or update one: title, status (todo, in_progress, review, blocked, done), and a progress line appended to its log.',
  schema: z.object({
    task_id: z.string().min(1).optional(),
    title: z.string().min(1).max(200).optional(),
    status: z.enum(TASK_STATUSES).optional(),
    progress: z.string().min(1).max(4000).optional(),
  }),
  readOnly: false,
  subject: (input) => input.task_id ?? null,
  async run(input, ctx) {
    let task;
    if (!input.task_id) {
      if (!input.title) throw new ToolError('To create a task give a title; to update one give its task_id.');
      const created = ctx.tasks.create({ title: input.title, status: input.status });
      task = ctx.tasks.update(created.id, { session: ctx.sessionId, ...(input.progress ? { progress: input.progress } : {}) });
      if (created.redacted) task = { ...task, redacted: [...created.redacted, ...(task.redacted ?? [])] };
    } else {
      if (!ctx.tasks.get(input.task_id)) throw new ToolError(`No task ${input.task_id}. Known: ${ctx.tasks.list().map((t) => t.id).join(', ') || 'none'}.`);
      task = ctx.tasks.update(input.task_id, {
        title: input.title,
        status: input.status,
        progress: input.progress,
        session: ctx.sessionId,
      });
    }
    ctx.setCurrentTask(task.id);
    const redacted = task.redacted?.length ? ` Task files are shared through git, so secrets never go in: ${describeRedactions(task.redacted.map((kind) => ({ kind })))}.` : '';
    return { output: `Task ${task.id} "${task.title}" is ${task.status}.${redacted}` };
  },
});
