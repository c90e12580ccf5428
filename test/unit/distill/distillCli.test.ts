import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { requestText } from '../../helpers/scriptedModel';
import { newProject as project } from '../../helpers/agentCli';
import { migration, NOISE, release, seedSessions } from './seedSessions';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

async function distill(p: { root: string; dataDir: string }, args: string[], env: Record<string, string> = {}) {
  const run = await runEngram(['--json', '--project', p.root, '--data-dir', p.dataDir, 'distill', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  return { ...JSON.parse(run.stdout), stderr: run.stderr };
}

/** Three releases done the same way, with unrelated work around and between them. */
function seedReleases(p: { root: string; dataDir: string }) {
  return seedSessions(p.dataDir, p.root, [
    release('1.2.0', [['read', { file_path: 'README.md' }]], [['grep', { pattern: 'TODO' }]]),
    NOISE[0],
    release('1.3.0', [['glob', { pattern: '**/*.md' }]], [['bash', { command: 'ls dist' }]]),
    NOISE[1],
    release('1.3.1', [['bash', { command: 'cat CHANGELOG.md' }]]),
    NOISE[2],
  ]);
}

const scripted = useScriptedModel();

describe('engram distill', () => {
  it('finds the workflow repeated across three sessions, and only it; proposes without writing', async () => {
    const p = project();
    const ids = seedReleases(p);
    const out = await distill(p, ['--no-llm']);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['candidates', 'artifacts']));
    expect(out.sessionsReviewed).toBe(6);
    expect(out.candidates).toHaveLength(1);
    const [c] = out.candidates;
    expect(c).toMatchObject({ type: 'command', name: 'prepare-release', path: path.join('.engram', 'commands', 'prepare-release.md'), draftedBy: 'template' });
    expect(c.evidence.sessions.map((s: { id: string }) => s.id).sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    expect(c.evidence.steps).toEqual(['npm run lint', 'npm test -- --run', 'edit package.json', 'git commit -am <str>', 'git tag <version>']);
    expect(c.evidence.prompt).toBe('prepare release <version>');
    expect(c.preview).toContain('Prepare release $ARGUMENTS');
    expect(out.artifacts).toEqual([]);
    expect(fs.existsSync(path.join(p.root, '.engram'))).toBe(false);
  });

  it('says nothing is worth distilling when nothing repeats, and honours --since', async () => {
    const p = project();
    seedSessions(p.dataDir, p.root, NOISE);
    expect((await distill(p, ['--no-llm'])).candidates).toEqual([]);
    const bad = await runEngram(['--json', '--project', p.root, '--data-dir', p.dataDir, 'distill', '--since', 'soon']);
    expect(bad.code).toBe(2);
  });

  it('accepting (--yes) writes the command, and the next `engram run "/prepare-release 2.0.0"` sends the expanded prompt', async () => {
    const p = project();
    seedReleases(p);
    const out = await distill(p, ['--no-llm', '--yes']);
    expect(out.artifacts).toEqual([{ type: 'command', name: 'prepare-release', path: path.join('.engram', 'commands', 'prepare-release.md') }]);
    const file = path.join(p.root, '.engram/commands/prepare-release.md');
    expect(fs.readFileSync(file, 'utf8')).toBe(out.candidates[0].preview);

    // A second distill proposes it no more: the project has it now.
    expect((await distill(p, ['--no-llm'])).candidates).toEqual([]);

    const model = await scripted.start([{ text: 'Released.' }]);
    const run = await runEngram(['--json', '--project', p.root, '--data-dir', p.dataDir, 'run', '/prepare-release 2.0.0'], { env: model.env });
    expect(run.code, run.stderr).toBe(0);
    const user = model.requests[0].body.messages.filter((m) => m.role === 'user').map((m) => JSON.stringify(m.content)).join('\n');
    expect(user).toContain('Prepare release 2.0.0');
    expect(user).toContain('npm run lint');
    expect(user).not.toContain('$ARGUMENTS');
    expect(user).not.toContain('/prepare-release');
  });

  it('--dry-run with --yes writes nothing', async () => {
    const p = project();
    seedReleases(p);
    const out = await distill(p, ['--no-llm', '--yes', '--dry-run']);
    expect(out.candidates).toHaveLength(1);
    expect(out.artifacts).toEqual([]);
    expect(fs.existsSync(path.join(p.root, '.engram/commands/prepare-release.md'))).toBe(false);
  });

  it('an existing .claude/commands command of the same name prevents a duplicate proposal', async () => {
    const p = project({ '.claude/commands/prepare-release.md': '---\ndescription: Our release\n---\nRelease $ARGUMENTS the usual way.\n' });
    seedReleases(p);
    const out = await distill(p, ['--no-llm', '--yes']);
    expect(out.candidates).toEqual([]);
    expect(out.artifacts).toEqual([]);
    expect(out.stderr).toContain('.claude/commands/prepare-release.md');
  });

  it('an existing .opencode skill holding the same steps prevents a duplicate under another name', async () => {
    const p = project({
      '.opencode/skills/shipping/SKILL.md':
        '---\nname: shipping\ndescription: How we ship\n---\n1. `npm run lint`\n2. `npm test -- --run`\n3. bump package.json\n4. `git commit -am "release X"`\n5. `git tag v9.9.9`\n',
    });
    seedReleases(p);
    const out = await distill(p, ['--no-llm']);
    expect(out.candidates).toEqual([]);
    expect(out.stderr).toContain('shipping/SKILL.md already covers these steps');
  });

  it('a scripted model drafts a command and a skill that pass validation', async () => {
    const p = project();
    seedReleases(p);
    seedSessions(p.dataDir, p.root, [migration('add_users', 'Add a users table'), migration('orders_index', 'Index orders by date'), migration('rename_email', 'Rename the email column')]);
    const model = await scripted.start((req) => {
      const text = requestText(req);
      if (text.includes('Write a command')) {
        return { text: '```markdown\n---\ndescription: Prepare a release the way we always do\nargument-hint: <version>\n---\nPrepare release $ARGUMENTS: run `npm run lint` and `npm test -- --run`, bump package.json, commit and tag.\n```' };
      }
      return { text: '---\nname: db-migrate\ndescription: Create and apply a Prisma migration, regenerate the client and typecheck. Use when the schema changes.\n---\n1. `npx prisma migrate dev --name <name>`\n2. `npx prisma generate`\n3. `npm run typecheck`\n' };
    });
    const out = await distill(p, ['--yes'], model.env);
    const byType = Object.fromEntries(out.candidates.map((c: { type: string }) => [c.type, c]));
    expect(Object.keys(byType).sort()).toEqual(['command', 'skill']);
    expect(byType.command).toMatchObject({ name: 'prepare-release', draftedBy: 'model' });
    expect(byType.skill).toMatchObject({ name: 'db-migrate', draftedBy: 'model', path: path.join('.engram', 'skills', 'db-migrate', 'SKILL.md') });
    expect(model.requests).toHaveLength(2);
    expect(requestText(model.requests[0]) + requestText(model.requests[1])).toContain('npx prisma generate');
    expect(fs.readFileSync(path.join(p.root, '.engram/skills/db-migrate/SKILL.md'), 'utf8')).toContain('name: db-migrate');
    expect(fs.readFileSync(path.join(p.root, '.engram/commands/prepare-release.md'), 'utf8')).toContain('Prepare release $ARGUMENTS');
  });

  it('an invalid draft is retried once with its errors, then dropped and never written', async () => {
    const p = project();
    seedReleases(p);
    const model = await scripted.start([
      { text: '---\ndescription: Release\ncolour: blue\n---\nPrepare the release.\n' },
      { text: 'Sure! Here is the command: prepare a release.' },
    ]);
    const out = await distill(p, ['--yes'], model.env);
    expect(model.requests).toHaveLength(2);
    expect(requestText(model.requests[1])).toContain('unknown frontmatter field "colour"');
    expect(requestText(model.requests[1])).toContain('$ARGUMENTS');
    expect(out.candidates).toEqual([]);
    expect(out.dropped).toHaveLength(1);
    expect(out.dropped[0].errors.join(' ')).toContain('frontmatter');
    expect(out.artifacts).toEqual([]);
    expect(fs.existsSync(path.join(p.root, '.engram'))).toBe(false);
  });

  it('`distill list` lists artifacts from .engram, .claude and .opencode; the earlier folder wins a name', async () => {
    const p = project({
      '.engram/skills/deploy/SKILL.md': '---\nname: deploy\ndescription: Deploy it\n---\nSteps.\n',
      '.claude/agents/reviewer.md': '---\nname: reviewer\ndescription: Reviews diffs\ntools: read, grep\n---\nYou review.\n',
      '.claude/commands/fix_issue.md': 'Fix issue $ARGUMENTS.\n',
      '.opencode/skills/deploy/SKILL.md': '---\nname: deploy\ndescription: Old deploy\n---\nOld.\n',
    });
    const run = await runEngram(['--json', '--project', p.root, '--data-dir', p.dataDir, 'distill', 'list']);
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout).map((a: Record<string, unknown>) => [a.type, a.name, a.source, a.active]);
    expect(list).toEqual([
      ['skill', 'deploy', '.engram', true],
      ['agent', 'reviewer', '.claude', true],
      ['command', 'fix_issue', '.claude', true],
      ['skill', 'deploy', '.opencode', false],
    ]);
  });
});
