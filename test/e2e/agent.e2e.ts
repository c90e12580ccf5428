import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import type { ScriptedModel } from '../helpers/scriptedModel';
import type { Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';
import { useScriptedModel } from '../helpers/scriptedModelFixture';
import { workbenchFixture } from '../helpers/workbench';

describe('the Agent tab in a browser', () => {
  const workbench = workbenchFixture();
  const scripted = useScriptedModel({ per: 'file' });
  let served: Served;
  let page: Page;
  let model: ScriptedModel;
  let repo: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'shop');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'README.md'), '# Shop\n\nSells things.\n');
    model = await scripted.start([
      { text: 'I will run a command first.', toolCalls: [{ name: 'bash', arguments: { command: 'echo hi > hello.txt && cat hello.txt' } }] },
      { toolCalls: [{ name: 'edit', arguments: { file_path: 'README.md', old_string: 'Sells things.', new_string: 'Sells useful things.' } }] },
      { text: 'Done: hello.txt exists and the README says what we sell.', usage: { prompt_tokens: 3200, completion_tokens: 40 } },
    ]);
    ({ served, page } = await workbench.open({ project: repo, env: { ...model.env, ENGRAM_CONTEXT_WINDOW: '32000' }, viewport: { width: 1280, height: 820 }, load: false }));
  });

  it('sends a message, streams the reply, asks permission in a dialog and shows tool cards', async () => {
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Agent' }).click();
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.waitFor();
    expect(await page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    await message.fill('Create hello.txt and improve the README');
    await page.getByRole('button', { name: 'Send' }).click();

    const dialog = page.getByRole('dialog', { name: 'Permission' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('echo hi > hello.txt');
    await expect.poll(() => page.getByRole('log', { name: 'Conversation' }).textContent()).toContain('I will run a command first.');
    expect(await page.getByRole('button', { name: 'Stop' }).isEnabled()).toBe(true);
    expect(fs.existsSync(path.join(repo, 'hello.txt'))).toBe(false);
    // The sidebar tells, for every project, that this one waits for a person.
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await expect.poll(() => nav.textContent()).toContain('waiting for permission');
    await screenshot(page, 'agent-permission');

    await dialog.getByRole('button', { name: 'Allow once' }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('Done: hello.txt exists and the README says what we sell.');
    expect(await dialog.count()).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'hello.txt'), 'utf8')).toBe('hi\n');
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain('Sells useful things.');

    // The bash card shows the output; the edit card shows a diff.
    expect(await log.getByRole('article', { name: /^bash / }).textContent()).toContain('exit code 0');
    const diff = log.getByRole('article', { name: /^edit / }).getByLabel('Diff');
    expect(await diff.textContent()).toContain('+Sells useful things.');
    expect(await diff.textContent()).toContain('-Sells things.');
    await expect.poll(() => page.getByRole('meter', { name: 'Context' }).getAttribute('aria-valuenow')).toBe('3240');
    // The session is listed, named after the first message.
    await expect.poll(() => page.getByRole('navigation', { name: 'Sessions' }).textContent()).toContain('Create hello.txt and improve the README');
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await expect.poll(() => nav.textContent()).toContain('idle');
    await screenshot(page, 'agent-done');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'agent-done-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // What the model got: the user's message and, after the permission, the command's output.
    expect(model.requests).toHaveLength(3);
    expect(JSON.stringify(model.requests[1].body.messages.filter((m) => m.role === 'tool'))).toContain('hi');
  });
  it('keeps every tool card whole once the conversation is longer than the pane', async () => {
    // Each turn: a command printing eight lines, then a closing line. Four turns overflow the log.
    model.setScript((request) =>
      request.body.messages.at(-1)?.role === 'tool'
        ? { text: 'Listed.' }
        : { text: 'Listing.', toolCalls: [{ name: 'bash', arguments: { command: 'seq 1 8' } }] },
    );
    const log = page.getByRole('log', { name: 'Conversation' });
    const message = page.getByRole('textbox', { name: 'Message' });
    for (let turn = 1; turn <= 4; turn++) {
      await message.fill(`count to eight, take ${turn}`);
      await page.getByRole('button', { name: 'Send' }).click();
      const dialog = page.getByRole('dialog', { name: 'Permission' });
      if (turn === 1) await dialog.getByRole('button', { name: 'Allow for session' }).click();
      await expect.poll(() => log.getByRole('article', { name: 'bash seq 1 8' }).count(), { timeout: 20_000 }).toBe(turn);
      await expect.poll(() => page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    }
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // A card squeezed by the log's flex layout clips its own output: only its border was left.
    const cards = await log.getByRole('article').evaluateAll((els) =>
      els.map((el) => ({ name: el.getAttribute('aria-label'), height: el.clientHeight, content: el.scrollHeight })),
    );
    expect(cards.length).toBe(6);
    for (const card of cards) expect(card, `${card.name} shows all of itself`).toMatchObject({ height: card.content });
    expect(cards.every((card) => card.height > 100 || !card.name?.startsWith('bash seq'))).toBe(true);
    await screenshot(page, 'agent-long-conversation');
  });

  it('comes back to the latest message after another tab was shown', async () => {
    const log = page.getByRole('log', { name: 'Conversation' });
    const atBottom = () => log.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
    await expect.poll(atBottom).toBe(true);
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.getByRole('tab', { name: 'Agent' }).click();
    await log.waitFor();
    await expect.poll(atBottom).toBe(true);
  });

  it('offers the project\'s commands while /… is typed, and completes the one picked', async () => {
    fs.mkdirSync(path.join(repo, '.engram/commands'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.engram/commands/greet.md'), '---\ndescription: Greet someone by name\n---\nSay hello to $ARGUMENTS.\n');
    fs.writeFileSync(path.join(repo, '.engram/commands/grep-todos.md'), '---\ndescription: List the TODO comments\n---\nFind every TODO.\n');
    model.setScript(() => ({ text: 'Hello, Ana!' }));
    await page.getByRole('button', { name: 'New session' }).first().click();
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('/gr');
    const menu = page.getByRole('listbox', { name: 'Commands' });
    await menu.waitFor();
    expect(await menu.getByRole('option').allTextContents()).toEqual(['/greetGreet someone by name.engram', '/grep-todosList the TODO comments.engram']);
    await message.press('ArrowDown');
    await message.press('ArrowUp');
    expect(await menu.getByRole('option', { selected: true }).textContent()).toContain('/greet');
    await screenshot(page, 'agent-command-menu');
    await message.press('Enter');
    await expect.poll(() => message.inputValue()).toBe('/greet ');
    expect(await menu.count()).toBe(0);
    await message.pressSequentially('Ana');
    await message.press('Enter');
    await expect.poll(() => page.getByRole('log', { name: 'Conversation' }).textContent(), { timeout: 20_000 }).toContain('Hello, Ana!');
    // The model got the command's text with the arguments in place.
    expect(JSON.stringify(model.requests.at(-1)!.body.messages)).toContain('Say hello to Ana.');
    expect(await message.inputValue()).toBe('');
  });

  it('asks before deleting a session: Cancel keeps it, Delete session removes it for good', async () => {
    const title = 'Create hello.txt and improve the README';
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    await sessions.getByRole('button', { name: new RegExp(`^${title}`) }).click();
    await expect.poll(() => page.locator('.agent-title').textContent()).toBe(title);
    const header = page.locator('.agent-header');

    await header.getByRole('button', { name: 'Delete', exact: true }).click();
    const ask = page.getByRole('alertdialog', { name: `Delete the session “${title}”?` });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('cannot be brought back');
    // The safe answer has the focus: Enter right away keeps the session.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await screenshot(page, 'agent-delete-session-ask');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    expect(await sessions.textContent()).toContain(title);
    expect(await page.locator('.agent-title').textContent()).toBe(title);
    await page.reload();
    await page.getByRole('tab', { name: 'Agent' }).click();
    await expect.poll(() => sessions.textContent()).toContain(title);

    await sessions.getByRole('button', { name: new RegExp(`^${title}`) }).click();
    await expect.poll(() => page.locator('.agent-title').textContent()).toBe(title);
    await header.getByRole('button', { name: 'Delete', exact: true }).click();
    await ask.getByRole('button', { name: 'Delete session' }).click();
    await expect.poll(() => sessions.textContent()).not.toContain(title);
    expect(await page.locator('.agent-title').textContent()).toBe('New session');
    await page.reload();
    await page.getByRole('tab', { name: 'Agent' }).click();
    // The list has loaded (the other tests' sessions, or none) and this one is not in it.
    await sessions.locator('button, :text("No sessions yet.")').first().waitFor();
    expect(await sessions.textContent()).not.toContain(title);
  });

  it("shows a reasoning model's thinking folded under Thinking, apart from the answer, also when the session is reopened", async () => {
    const thinking = 'The user asks why. The README says the shop sells useful things, so answer from that.';
    let answer = () => {};
    const thought = new Promise<void>((resolve) => (answer = resolve));
    model.setScript(() => ({ reasoning: thinking, afterReasoning: thought, text: 'Because the README says so.' }));
    await page.getByRole('button', { name: 'New session' }).first().click();
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('Why does the shop exist?');
    await message.press('Enter');
    const log = page.getByRole('log', { name: 'Conversation' });
    const reasoning = log.locator('details.msg-reasoning').last();
    // While the model thinks, its thinking is open and says so.
    await expect.poll(() => reasoning.locator('summary').textContent(), { timeout: 20_000 }).toMatch(/^Thinking…/);
    expect(await reasoning.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await reasoning.locator('.msg-text').textContent()).toBe(thinking);
    // The toggle event the browser fires for that opening has been handled before the answer comes.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    answer();
    await expect.poll(() => log.locator('.msg-assistant').last().textContent(), { timeout: 20_000 }).toBe('AgentBecause the README says so.');
    // Folded once the answer is done; a click unfolds it.
    await expect.poll(() => reasoning.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await reasoning.locator('summary').textContent()).toMatch(/^Thinking \(16 words\)$/);
    await reasoning.locator('summary').click();
    await expect.poll(() => reasoning.locator('.msg-text').isVisible()).toBe(true);
    expect(await reasoning.locator('.msg-text').textContent()).toBe(thinking);
    await screenshot(page, 'agent-reasoning');

    await page.reload();
    await page.getByRole('tab', { name: 'Agent' }).click();
    await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: /^Why does the shop exist\?/ }).click();
    await expect.poll(() => log.locator('details.msg-reasoning .msg-text').textContent()).toBe(thinking);
    expect(await log.locator('.msg-assistant').textContent()).toBe('AgentBecause the README says so.');
  });
});
