import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runEngram, type CliRun } from './cli';
import type { ScriptedModel } from './scriptedModel';
import { tempDir } from './tempDir';

/** An identity for the test's own commits, so no machine configuration is needed. */
const IDENTITY = ['-c', 'user.name=Test Person', '-c', 'user.email=test@example.com'];

export interface GitProject {
  root: string;
  dataDir: string;
  git(...args: string[]): string;
  write(rel: string, content: string): void;
  read(rel: string): string;
  /** Stages everything and commits; the new HEAD. */
  commit(message: string): string;
  /** `engram --json --project … --data-dir … ARGS` against the scripted model (when given). */
  engram(args: string[], model?: ScriptedModel): Promise<CliRun>;
  /** As `engram`, but the command must succeed; its JSON output parsed. */
  engramJson<T = unknown>(args: string[], model?: ScriptedModel): Promise<T>;
}

/** A git repository with one commit (README.md and the files given), and its own data dir. */
export function newGitProject(files: Record<string, string> = {}): GitProject {
  const root = tempDir('engram-repo-');
  const dataDir = tempDir('engram-data-');
  const project: GitProject = {
    root,
    dataDir,
    git: (...args) => execFileSync('git', [...IDENTITY, ...args], { cwd: root, encoding: 'utf8' }),
    write: (rel, content) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), content);
    },
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    commit: (message) => {
      project.git('add', '-A');
      project.git('commit', '-q', '-m', message);
      return project.git('rev-parse', 'HEAD').trim();
    },
    engram: (args, model) => runEngram(['--json', '--project', root, '--data-dir', dataDir, ...args], { env: model?.env ?? {} }),
    engramJson: async (args, model) => {
      const r = await project.engram(args, model);
      if (r.code !== 0) throw new Error(`engram ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
  };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  project.write('README.md', '# Demo\n\nA project.\n');
  for (const [rel, content] of Object.entries(files)) project.write(rel, content);
  project.commit('Initial commit');
  return project;
}

/** JSON lines of `engram --json task start` (the worktree line, then agent events). */
export function jsonLines(stdout: string): Array<{ type: string; [k: string]: unknown }> {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}
