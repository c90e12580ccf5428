import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { scanSecrets } from '../../../main/secrets/secretScanner';

// Fake credentials in the shapes providers issue, assembled so this file is not itself a leak.
const AWS_KEY = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join('');
const ANTHROPIC_KEY = ['sk-ant-api03-', 'Zq9'.repeat(31), 'AA'].join('');
const GITHUB_TOKEN = ['ghp_', 'A1b2C3d4E5f6G7h8I9j0', 'K1l2M3n4O5p6Q7r8'].join('');
const DSN = ['postgres://deploy:', 'Tr0ub4dor-3', '@db.internal:5432/app'].join('');

const scripted = useScriptedModel();

function allEngramText(root: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(root, '.engram'));
  return out.join('\n');
}

describe('no secrets in memory', () => {
  it('memory add stores a fake AWS key and a fake Anthropic key redacted, and says so on stderr', async () => {
    const project = newProject();
    const text = `Deploy uses ${AWS_KEY} for S3 and ${ANTHROPIC_KEY} for the summarizer.`;
    const run = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', text]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^engram: redacted 2 secrets \(AWS access key, Anthropic API key\) before writing entry m[0-9a-f]{6}$/m);
    const memory = fs.readFileSync(path.join(project.root, '.engram/MEMORY.md'), 'utf8');
    expect(memory).toContain('- Deploy uses [redacted: AWS access key] for S3 and [redacted: Anthropic API key] for the summarizer.');
    expect(memory).not.toContain(AWS_KEY);
    expect(memory).not.toContain('sk-ant-');

    // The timeline carries the notice the workbench shows.
    const timeline = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'memory', 'timeline']);
    const events = JSON.parse(timeline.stdout) as { type: string; text: string }[];
    expect(events.find((e) => e.type === 'redacted')?.text).toBe('redacted 2 secrets (AWS access key, Anthropic API key)');
    expect(JSON.stringify(events)).not.toContain(AWS_KEY);

    // Ordinary text is left alone, and nothing is said.
    const plain = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', 'Commit 3f9a2c1 fixed id m7f3a2c; port 5432.']);
    expect(plain.stderr).not.toContain('redacted');
    expect(fs.readFileSync(path.join(project.root, '.engram/MEMORY.md'), 'utf8')).toContain('- Commit 3f9a2c1 fixed id m7f3a2c; port 5432.');
  });

  it("the agent's memory_write, note and task_update get the same, and the tool results say so", async () => {
    const project = newProject();
    const model = await scripted.start([
      {
        toolCalls: [
          { name: 'memory_write', arguments: { kind: 'gotchas', text: `CI needs ${AWS_KEY} and ${ANTHROPIC_KEY}.` } },
          { name: 'note', arguments: { text: `tried ${GITHUB_TOKEN} against the API` } },
          { name: 'task_update', arguments: { title: 'Rotate keys', progress: `old DSN was ${DSN}` } },
        ],
      },
      { text: 'Done.' },
    ]);
    const run = await runAgentCli(project, model, ['remember how CI authenticates']);
    expect(run.code).toBe(0);
    const results = eventsOf(run.events, 'tool_result');
    const byTool = (name: string) => String(results.find((r) => r.tool === name)?.output);
    expect(byTool('memory_write')).toMatch(/Saved to memory as m[0-9a-f]{6}\. .*redacted 2 secrets \(AWS access key, Anthropic API key\)/);
    expect(byTool('note')).toContain('redacted 1 secret (GitHub token)');
    expect(byTool('task_update')).toContain('redacted 1 secret (database password)');

    const everything = allEngramText(project.root);
    for (const secret of [AWS_KEY, ANTHROPIC_KEY, GITHUB_TOKEN, 'Tr0ub4dor-3']) expect(everything).not.toContain(secret);
    expect(fs.readFileSync(path.join(project.root, '.engram/MEMORY.md'), 'utf8')).toContain('CI needs [redacted: AWS access key] and [redacted: Anthropic API key].');
    expect(everything).toContain('tried [redacted: GitHub token] against the API');
    // Only the password goes: host, port and database are worth remembering.
    expect(everything).toContain('old DSN was postgres://deploy:[redacted: database password]@db.internal:5432/app');
  });

  it('task log from the CLI is redacted and says so', async () => {
    const project = newProject();
    const add = await runEngram(['--json', '--project', project.root, 'task', 'add', 'Wire the deploy']);
    const id = JSON.parse(add.stdout).id as string;
    const log = await runEngram(['--project', project.root, 'task', 'log', id, `set AWS to ${AWS_KEY}`]);
    expect(log.code).toBe(0);
    expect(log.stderr).toContain(`engram: redacted 1 secret (AWS access key) before writing task ${id}`);
    const file = fs.readFileSync(path.join(project.root, '.engram/tasks', id, 'progress.md'), 'utf8');
    expect(file).toContain('set AWS to [redacted: AWS access key]');
    expect(file).not.toContain(AWS_KEY);
  });

  it('covers private keys, tokens and connection strings, and leaves hashes and ids alone', () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA'.repeat(8), 'q'.repeat(64), '-----END RSA PRIVATE KEY-----'].join('\n');
    const { text, findings } = scanSecrets(`key:\n${pem}\ntoken ${GITHUB_TOKEN} dsn ${DSN}`);
    expect(findings.map((f) => f.kind).sort()).toEqual(['GitHub token', 'database password', 'private key']);
    expect(text).not.toContain('MIIEowIBAAKCAQEA');
    const ordinary = 'sha 9fceb02d0ae598e95dc970b74767f19372d61af8, entry m7f3a2c, uuid 123e4567-e89b-12d3-a456-426614174000, https://example.com/a?b=c';
    expect(scanSecrets(ordinary)).toEqual({ text: ordinary, findings: [] });
  });
});

describe('the next dream redacts what is already there', () => {
  it('scans MEMORY.md, topic files, notes, checkpoints and task logs, reports what it redacted, and an undo does not bring it back', async () => {
    const project = newProject({
      '.engram/MEMORY.md': `# Project memory\n\n## Knowledge\n- typed by hand: staging key ${AWS_KEY}\n- port 5432 <!-- id:m000001 at:2026-11-01 -->\n## Superseded\n`,
      '.engram/memory/knowledge.md': `# Knowledge\n\n## Knowledge\n- old token ${GITHUB_TOKEN} <!-- id:m000002 at:2026-10-01 -->\n`,
      '.engram/sessions/ses_1/notes.md': `# Notes of ses_1\n\n- 2026-11-01T10:00:00Z tried ${ANTHROPIC_KEY}\n`,
      '.engram/sessions/ses_1/checkpoint.md': `# Checkpoint\n\n## Exact values\n- DSN ${DSN}\n`,
      '.engram/tasks/t1/progress.md': `---\ntitle: Keys\nstatus: todo\nupdated: 2026-11-01T10:00:00Z\n---\n- 2026-11-01T10:00Z set ${AWS_KEY}\n`,
    });
    const run = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'dream', '--no-llm']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^engram: redacted 5 secrets \([^)]*\) in .*\.engram\/tasks\/t1\/progress\.md/m);
    const everything = allEngramText(project.root);
    for (const secret of [AWS_KEY, ANTHROPIC_KEY, GITHUB_TOKEN, 'Tr0ub4dor-3']) expect(everything).not.toContain(secret);
    const memory = fs.readFileSync(path.join(project.root, '.engram/MEMORY.md'), 'utf8');
    expect(memory).toMatch(/^- typed by hand: staging key \[redacted: AWS access key\] <!-- id:h[0-9a-f]{6} -->$/m);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const report = fs.readFileSync(path.join(project.root, '.engram/dreams', `${id}.md`), 'utf8');
    expect(report).toContain('## Secrets redacted');
    expect(report).toContain('- .engram/sessions/ses_1/notes.md: Anthropic API key');
    expect(report).toContain('- .engram/tasks/t1/progress.md: AWS access key');

    const revert = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'dream', 'revert', id]);
    expect(revert.code).toBe(0);
    expect(allEngramText(project.root)).not.toContain(AWS_KEY);
  });
});
