import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { newGitProject, type GitProject } from '../helpers/gitProject';
import { startScriptedModel, type RecordedRequest, type ScriptedModel, type ScriptedReply } from '../helpers/scriptedModel';
import { workbenchFixture } from '../helpers/workbench';

const PRICES = 'Add a price list';
const FOUR = ['Agent one', 'Agent two', 'Agent three', 'Agent four'];

function releasable(): { promise: Promise<void>; release: () => void } {
  let release: () => void = () => {};
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('task agents from the board, in a browser', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let model: ScriptedModel;
  let project: GitProject;
  const ids = new Map<string, string>();
  const pricesHold = releasable();
  const fourHold = releasable();
  const atLastStep = new Set<string>();

  beforeAll(async () => {
    project = newGitProject();
    // The served project is the repository's folder; its name is what the sidebar shows.
    for (const title of [PRICES, ...FOUR]) ids.set(title, (await project.engramJson<{ id: string }>(['task', 'add', title])).id);
    project.commit('Tasks');
    model = await startScriptedModel((request: RecordedRequest): ScriptedReply => {
      const first = String(request.body.messages.find((m) => m.role === 'user')?.content ?? '');
      const title = [PRICES, ...FOUR].find((t) => first.includes(`Task: ${t}`))!;
      const step = request.body.messages.filter((m) => m.role === 'assistant').length;
      if (title === PRICES) {
        if (step === 0) return { text: 'Checking the shell first.', toolCalls: [{ name: 'bash', arguments: { command: 'echo ok > checked.txt' } }] };
        if (step === 1) {
          return {
            toolCalls: [
              { name: 'write', arguments: { file_path: 'prices.md', content: '# Prices\n\n- Tea: 3\n- Coffee: 4\n' } },
              { name: 'memory_write', arguments: { kind: 'decisions', text: 'Prices live in prices.md, one line per product.' } },
            ],
          };
        }
        atLastStep.add(title);
        return { text: 'The price list is in prices.md.', waitFor: pricesHold.promise };
      }
      const slug = title.split(' ')[1];
      if (step === 0) return { toolCalls: [{ name: 'write', arguments: { file_path: `${slug}.txt`, content: `${slug}\n` } }] };
      atLastStep.add(title);
      return { text: `${title} done.`, waitFor: fourHold.promise };
    });
    ({ page } = await workbench.open({ project: project.root, dataDir: project.dataDir, env: model.env, viewport: { width: 1440, height: 900 }, tab: 'Tasks' }));
  });

  afterAll(async () => {
    pricesHold.release();
    fourHold.release();
    await model?.close();
  });

  const card = (title: string) => page.getByRole('listitem').filter({ hasText: title });
  const agentOf = (title: string) => page.getByLabel(`Agent of ${title}`);

  it('starts an agent from a card, shows its state, asks permission on the card, then Diff and Merge', async () => {
    await card(PRICES).getByRole('button', { name: 'Start agent', exact: true }).click();
    // bash asks first: the card says so and answers in place.
    const ask = page.getByRole('group', { name: `Permission for ${PRICES}` });
    await ask.waitFor({ timeout: 20_000 });
    expect(await agentOf(PRICES).getByRole('status').textContent()).toBe('Waiting for permission');
    expect(await ask.textContent()).toContain('echo ok > checked.txt');
    await expect.poll(() => page.getByRole('navigation', { name: 'Projects' }).textContent()).toContain('waiting for permission');
    await ask.getByRole('button', { name: 'Allow once' }).click();

    await expect.poll(() => atLastStep.has(PRICES), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => agentOf(PRICES).getByRole('status').textContent()).toContain('Running');
    // The memory entry is in the main checkout while the agent still runs.
    expect(project.read('.engram/MEMORY.md')).toContain('Prices live in prices.md');
    pricesHold.release();
    await expect.poll(() => agentOf(PRICES).getByRole('status').textContent(), { timeout: 20_000 }).toBe('Done');
    await expect.poll(() => agentOf(PRICES).textContent()).toContain('2 files +5 −0');
    // The run ended by itself: the card waits in Review for a person.
    const review = page.getByRole('list', { name: 'Review', exact: true });
    await expect.poll(() => review.getByRole('listitem').filter({ hasText: PRICES }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => agentOf(PRICES).textContent()).toContain('2 files +5 −0');
    await card(PRICES).screenshot({ path: path.join(path.dirname(await screenshot(page, 'task-agent-board')), 'task-agent-card.png') });

    await agentOf(PRICES).getByRole('button', { name: 'Diff' }).click();
    const dialog = page.getByRole('dialog', { name: `Diff of ${PRICES}` });
    await dialog.waitFor();
    const files = dialog.getByRole('list', { name: 'Changed files' });
    await expect.poll(() => files.textContent()).toContain('prices.md');
    expect(await files.textContent()).toContain('checked.txt');
    await files.getByRole('button', { name: /prices\.md/ }).click();
    const view = dialog.getByLabel('Changes in prices.md');
    await expect.poll(() => view.textContent()).toContain('+- Coffee: 4');
    await dialog.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => view.locator('table.diff-split').count()).toBe(1);
    expect(await view.locator('td.tdiff-add').count()).toBe(4);
    await screenshot(page, 'task-agent-diff');
    await dialog.getByRole('button', { name: 'Close diff' }).click();

    // The session opens in the Agent tab, with the run's conversation.
    await agentOf(PRICES).getByRole('button', { name: 'Session ›' }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect.poll(() => log.textContent()).toContain('The price list is in prices.md.');
    expect(await log.textContent()).toContain('echo ok > checked.txt');
    // Open terminal here: a shell in the worktree, in the Terminal tab.
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await agentOf(PRICES).getByRole('button', { name: 'Open terminal here' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.xterm').first().waitFor();
    await page.getByRole('tab', { name: 'Tasks' }).click();

    await agentOf(PRICES).getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Merged' }).textContent(), { timeout: 20_000 }).toMatch(
      new RegExp(`Merged engram/${ids.get(PRICES)} into main \\(fast-forward`),
    );
    expect(project.git('show', 'main:prices.md')).toBe('# Prices\n\n- Tea: 3\n- Coffee: 4\n');
    expect(project.git('log', '-1', '--format=%s').trim()).toBe(PRICES);
    expect(project.git('status', '--porcelain', '--', 'prices.md')).toBe('');
    // Merged: the worktree and branch are gone, the task is done.
    await page.getByRole('list', { name: 'Done', exact: true }).getByText(PRICES).waitFor();
    expect(project.git('branch', '--list', 'engram/*').trim()).toBe('');
  });

  it('runs four agents at once from the board, each on its own branch', async () => {
    for (const title of FOUR) await card(title).getByRole('button', { name: 'Start agent', exact: true }).click();
    // All four hold their last answer at the same moment: they run side by side.
    await expect.poll(() => FOUR.every((t) => atLastStep.has(t)), { timeout: 30_000 }).toBe(true);
    for (const title of FOUR) await expect.poll(() => agentOf(title).getByRole('status').textContent()).toContain('Running');
    await screenshot(page, 'task-agents-four');
    fourHold.release();
    for (const title of FOUR) {
      await expect.poll(() => agentOf(title).getByRole('status').textContent(), { timeout: 30_000 }).toBe('Done');
      await expect.poll(() => agentOf(title).textContent()).toContain('1 file +1 −0');
    }
    const branches = execFileSync('git', ['branch', '--list', 'engram/*'], { cwd: project.root, encoding: 'utf8' });
    for (const title of FOUR) expect(branches).toContain(`engram/${ids.get(title)}`);
    // Each worktree holds only its own agent's file.
    for (const title of FOUR) {
      const slug = title.split(' ')[1];
      const wt = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: project.root, encoding: 'utf8' })
        .split('\n\n')
        .find((b) => b.includes(`engram/${ids.get(title)}`))!
        .split('\n')[0]
        .slice('worktree '.length);
      const agentFiles = FOUR.map((t) => `${t.split(' ')[1]}.txt`);
      expect(fs.readdirSync(wt).filter((f) => agentFiles.includes(f))).toEqual([`${slug}.txt`]);
    }
  });
});
