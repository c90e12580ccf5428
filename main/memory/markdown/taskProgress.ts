import { parse as parseYaml } from 'yaml';

export interface TaskProgress {
  title: string;
  status: string;
  updated: string;
  /** The progress log below the frontmatter. */
  log: string;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Reads a task's progress.md (SPEC §3). Broken frontmatter still yields the log. */
export function parseTaskProgress(text: string): TaskProgress {
  const m = FRONTMATTER.exec(text);
  let data: Record<string, unknown> = {};
  if (m) {
    try {
      const parsed = parseYaml(m[1]);
      if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
    } catch {
      data = {};
    }
  }
  const str = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? '' : String(v));
  return {
    title: str(data.title),
    status: str(data.status) || 'todo',
    updated: str(data.updated),
    log: (m ? text.slice(m[0].length) : text).trim(),
  };
}
