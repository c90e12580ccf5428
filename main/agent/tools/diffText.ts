import { createTwoFilesPatch } from 'diff';

const MAX_DIFF_CHARS = 20_000;

/** A unified diff for the edit card (never sent to the model). */
export function unifiedDiff(rel: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, '', '', { context: 3 });
  return patch.length > MAX_DIFF_CHARS ? patch.slice(0, MAX_DIFF_CHARS) + '\n… (diff truncated)' : patch;
}
