import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { MemoryResponses, Project } from '../../../contract';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

async function ok<T>(host: Host, method: string, params: unknown): Promise<T> {
  const answer = await host.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

/** Resolves when the project's event arrives; rejects after `ms` (a bound on waiting, not a speed check: see bench). */
function nextEvent(host: Host, name: 'memory.changed' | 'skills.changed', projectId: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} within ${ms} ms`));
    }, ms);
    const off = host.events.on(name, (e) => {
      if (e.projectId !== projectId) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

// Views follow `memory.changed` / `skills.changed`: every change, by any process, must raise one.
describe('changes made outside the window reach it', () => {
  let host: Host | undefined;
  afterEach(() => host?.close());

  async function open() {
    const dataDir = tempDir();
    const repo = tempDir();
    host = new Host({ dataDir, shell: 'browser' });
    const project = await ok<Project>(host, 'projects.open', { path: repo });
    await ok(host, 'memory.timeline', { projectId: project.id });
    await ok(host, 'skills.list', { projectId: project.id });
    // The watchers are in place once their first scan is done.
    await new Promise((r) => setTimeout(r, 600));
    return { dataDir, repo, project, host };
  }

  it('an entry added with `engram memory add` (another process) reaches the open view', async () => {
    const { dataDir, repo, project, host } = await open();
    for (let i = 0; i < 3; i++) {
      const waiting = nextEvent(host, 'memory.changed', project.id, 3000);
      const r = await runEngram(['--project', repo, '--data-dir', dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', `Fact number ${i}`]);
      expect(r.code, r.stderr).toBe(0);
      await waiting;
    }
    const timeline = await ok<MemoryResponses['memory.timeline']>(host, 'memory.timeline', { projectId: project.id });
    expect(timeline.events.map((e) => e.text)).toEqual(['Fact number 2', 'Fact number 1', 'Fact number 0']);
  });

  it('a skill file added under .claude/ by hand raises skills.changed', async () => {
    const { repo, project, host } = await open();
    const waiting = nextEvent(host, 'skills.changed', project.id, 3000);
    fs.mkdirSync(path.join(repo, '.claude/skills/release'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.claude/skills/release/SKILL.md'), '---\nname: release\ndescription: Cut a release\n---\nSteps.\n');
    await waiting;
    const list = await ok<{ name: string }[]>(host, 'skills.list', { projectId: project.id });
    expect(list.map((a) => a.name)).toContain('release');
  });
});
