import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

// The README promises rules first: at every budget, a rule is in the block before anything
// else, and the block says so when not even the rules fit.
describe('memory context keeps rules first at small budgets (CLI)', () => {
  async function project(rule: string) {
    const root = tempDir();
    const data = tempDir();
    const run = (...args: string[]) => runEngram(['--project', root, '--data-dir', data, ...args], { cwd: root });
    expect((await run('memory', 'add', '--kind', 'rules', '--text', rule)).code).toBe(0);
    const long = 'The payment service retries webhooks with exponential backoff and a jitter of up to two seconds, and gives up after nine attempts';
    expect((await run('memory', 'add', '--kind', 'knowledge', '--text', long)).code).toBe(0);
    expect((await run('memory', 'add', '--kind', 'decisions', '--text', 'We deploy on Tuesdays only')).code).toBe(0);
    return run;
  }

  it('puts the rule in the block at 60 tokens, and nothing before it', async () => {
    const run = await project('Run the unit tests before every commit.');
    for (const budget of [40, 60, 90]) {
      const r = await run('--json', 'memory', 'context', '--budget', String(budget), '--query', 'webhooks payment');
      expect(r.code, r.stderr).toBe(0);
      const block = JSON.parse(r.stdout) as { text: string; tokens: number; items: { kind: string; form: string }[] };
      expect(block.items[0], `${budget}: ${block.text}`).toMatchObject({ kind: 'rules', form: 'full' });
      expect(block.text.startsWith('## Rules and pinned\n- (rules) ')).toBe(true);
      expect(block.text).toContain('Run the unit tests before every commit.');
      expect(countTokens(block.text)).toBeLessThanOrEqual(budget);
    }
  });

  it('gives the rules the question is about when only some fit', async () => {
    const root = tempDir();
    const data = tempDir();
    const run = (...args: string[]) => runEngram(['--project', root, '--data-dir', data, ...args], { cwd: root });
    const rules = [
      'Run the unit tests before every commit.',
      'Write commit messages in the imperative mood.',
      'Keep each pull request under four hundred changed lines.',
      'Name feature flags after the team that owns them.',
      'Never log personal data such as email addresses or phone numbers.',
      'Database migrations must be reversible and reviewed by a second person.',
    ];
    for (const rule of rules) expect((await run('memory', 'add', '--kind', 'rules', '--text', rule)).code).toBe(0);
    const r = await run('--json', 'memory', 'context', '--budget', '60', '--query', 'database migrations review');
    expect(r.code, r.stderr).toBe(0);
    const block = JSON.parse(r.stdout) as { text: string; items: { kind: string; form: string }[] };
    expect(block.text).toMatch(/rules did not fit/);
    // Rules stay first; among them, the one this question is about goes in whole.
    expect(block.items[0]).toMatchObject({ kind: 'rules', form: 'full' });
    expect(block.text.split('## ')[1]).toContain(rules[5]);
  });

  it('says so in the block when not even the rules fit', async () => {
    const run = await project('Never push to main directly; open a pull request, wait for two approvals and a green build, then squash-merge with a message that names the ticket.');
    const r = await run('--json', 'memory', 'context', '--budget', '30');
    expect(r.code, r.stderr).toBe(0);
    const block = JSON.parse(r.stdout) as { text: string; tokens: number };
    expect(block.text).toMatch(/rules? did not fit/i);
    expect(block.tokens).toBeLessThanOrEqual(30);
  });
});
