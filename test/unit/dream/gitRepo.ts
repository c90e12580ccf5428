import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/tempDir';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Dream Test',
  GIT_AUTHOR_EMAIL: 'dream@test.invalid',
  GIT_COMMITTER_NAME: 'Dream Test',
  GIT_COMMITTER_EMAIL: 'dream@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

/**
 * A real repository where `src/lib/parser.ts` was `git mv`'d to `src/parsing/parser.ts` and
 * `src/legacy/retry.ts` was deleted, with MEMORY.md still naming the old places, plus exact
 * and near duplicates and relative dates.
 */
export function plantedRepo(): { root: string; dataDir: string; memory: string } {
  const root = path.join(tempDir('engram-dream-'), 'repo');
  const dataDir = tempDir('engram-dream-data-');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('src/lib/parser.ts', 'export const parse = 1;\n');
  write('src/legacy/retry.ts', 'export const retry = 1;\n');
  write('README.md', '# repo\n');
  git(path.dirname(root), 'init', '-q', '-b', 'main', root);
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'start');
  fs.mkdirSync(path.join(root, 'src/parsing'));
  git(root, 'mv', 'src/lib/parser.ts', 'src/parsing/parser.ts');
  git(root, 'rm', '-q', 'src/legacy/retry.ts');
  git(root, 'commit', '-q', '-m', 'move the parser, drop the retry helper');
  const memory = [
    '# Project memory',
    '',
    '## Context',
    '- Use pnpm, not npm, for installs. <!-- id:m100001 at:2026-11-02 src:ses_a -->',
    '- Use pnpm, not npm, for installs. <!-- id:m100002 at:2026-11-09 src:ses_b -->',
    '- use PNPM not npm for installs <!-- id:m100003 at:2026-11-01 src:ses_c -->',
    '',
    '## Knowledge',
    '- The parser lives in src/lib/parser.ts and handles the front matter. <!-- id:m100004 at:2026-11-20 -->',
    '- Retries are done by src/legacy/retry.ts with exponential backoff. <!-- id:m100005 at:2026-11-20 -->',
    '- The release checklist is kept in README.md and updated before each tag is pushed to origin. <!-- id:m100006 at:2026-11-10 -->',
    '- The release checklist is kept in README.md and updated before each tag is pushed to the origin. <!-- id:m100007 at:2026-11-12 -->',
    '- The build broke yesterday because of a stale lock file. <!-- id:m100008 at:2026-11-25 -->',
    '- A note a person typed by hand, naming nothing in particular.',
    '',
    '## Superseded',
    '',
  ].join('\n');
  write('.engram/MEMORY.md', memory);
  return { root, dataDir, memory };
}
