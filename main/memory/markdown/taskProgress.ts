import { readFrontmatter } from '../../markdown/frontmatter';

export interface TaskProgress {
  title: string;
  status: string;
  updated: string;
  /** The progress log below the frontmatter. */
  log: string;
}

/** Reads a task's progress.md (SPEC §3) for the index. Broken frontmatter still yields the log. */
export function parseTaskProgress(text: string): TaskProgress {
  const { meta: data, body } = readFrontmatter(text);
  const str = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? '' : String(v));
  return {
    title: str(data.title),
    status: str(data.status) || 'todo',
    updated: str(data.updated),
    log: body.trim(),
  };
}
