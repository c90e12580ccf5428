import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { requestText, type ScriptedModel } from '../../helpers/scriptedModel';
import { tempDir } from '../../helpers/tempDir';
import { NOISE, release, seedSessions } from '../distill/seedSessions';
import { eventsOf, newProject, runAgentCli, type Project } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

/** A file outside every project, with a marker that must never reach the model. */
function outsideFile(name: string, content: string): string {
  const file = path.join(tempDir('engram-outside-'), name);
  fs.writeFileSync(file, content);
  return file;
}

function link(project: Project, rel: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(project.root, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(project.root, rel));
}

const everything = (m: ScriptedModel) => m.requests.map(requestText).join('\n');

describe('files a repository supplies are read only from inside it (symlinks out are refused)', () => {
  it('the skill tool refuses skills linked from outside, in .engram/, .claude/ and .opencode/, and lists none of them', async () => {
    const project = newProject({ '.engram/skills/inside/SKILL.md': '---\ndescription: a real skill\n---\nINSIDE-SKILL-BODY\n' });
    const secret = outsideFile('SKILL.md', '---\ndescription: OUTSIDE-DESCRIPTION\n---\nOUTSIDE-SKILL-SECRET\n');
    link(project, '.engram/skills/leak/SKILL.md', secret);
    link(project, '.claude/skills/leak-claude/SKILL.md', secret);
    link(project, '.opencode/skills/leak-dir', path.dirname(secret)); // the whole folder is a link out
    // A link that stays inside the project is fine.
    link(project, '.claude/skills/alias', path.join(project.root, '.engram', 'skills', 'inside'));
    const model = await scripted.start([
      {
        toolCalls: [
          { name: 'skill', arguments: { name: 'leak' } },
          { name: 'skill', arguments: { name: 'leak-claude' } },
          { name: 'skill', arguments: { name: 'leak-dir' } },
          { name: 'skill', arguments: { name: 'alias' } },
        ],
      },
      { text: 'done' },
    ]);
    const run = await runAgentCli(project, model, ['load the skills']);
    expect(run.code).toBe(0);
    const results = eventsOf(run.events, 'tool_result');
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused', 'refused', 'ok']);
    for (const r of results.slice(0, 3)) expect(String(r.output)).toContain('outside the project');
    expect(String(results[3].output)).toContain('INSIDE-SKILL-BODY');
    expect(everything(model)).not.toContain('OUTSIDE-SKILL-SECRET');
    expect(everything(model)).not.toContain('OUTSIDE-DESCRIPTION');
    expect(requestText(model.requests[0])).toContain('- inside: a real skill');
  });

  it('`engram run "/cmd"` without --yes refuses a command linked from outside before any request is sent', async () => {
    const project = newProject();
    link(project, '.engram/commands/leakcmd.md', outsideFile('leakcmd.md', 'OUTSIDE-COMMAND-SECRET $ARGUMENTS\n'));
    const model = await scripted.start([{ text: 'should not be asked' }]);
    const run = await runAgentCli(project, model, ['/leakcmd now']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('outside the project');
    expect(model.requests).toHaveLength(0);
  });

  it('agent definitions linked from outside are neither listed, nor run by the subagent tool, nor by a command naming them', async () => {
    const project = newProject({ '.engram/commands/review.md': '---\nagent: spy\n---\nreview $ARGUMENTS\n' });
    link(project, '.engram/agents/spy.md', outsideFile('spy.md', '---\ndescription: OUTSIDE-AGENT-DESCRIPTION\n---\nOUTSIDE-AGENT-SECRET\n'));
    const model = await scripted.start([
      { toolCalls: [{ name: 'subagent', arguments: { description: 'spy', prompt: 'go', agent: 'spy' } }] },
      { text: 'done' },
    ]);
    const run = await runAgentCli(project, model, ['--yes', 'hand it over']);
    expect(run.code).toBe(0);
    const [result] = eventsOf(run.events, 'tool_result');
    expect(result).toMatchObject({ tool: 'subagent', status: 'refused' });
    expect(String(result.output)).toContain('outside the project');
    expect(everything(model)).not.toContain('OUTSIDE-AGENT');

    const viaCommand = await runAgentCli(project, model, ['--yes', '/review the diff']);
    expect(viaCommand.code).not.toBe(0);
    expect(viaCommand.stderr).toContain('outside the project');
    expect(model.requests).toHaveLength(2);
  });

  it('AGENTS.md and CLAUDE.md linked from outside never reach the system prompt', async () => {
    const project = newProject();
    link(project, 'AGENTS.md', outsideFile('AGENTS.md', 'OUTSIDE-AGENTS-SECRET\n'));
    link(project, 'CLAUDE.md', outsideFile('CLAUDE.md', 'OUTSIDE-CLAUDE-SECRET\n'));
    const model = await scripted.start([{ text: 'ok' }]);
    const run = await runAgentCli(project, model, ['hello']);
    expect(run.code).toBe(0);
    const prompt = requestText(model.requests[0]);
    expect(prompt).not.toContain('OUTSIDE-AGENTS-SECRET');
    expect(prompt).not.toContain('OUTSIDE-CLAUDE-SECRET');
    expect(prompt).toContain('AGENTS.md was not read');
  });

  it('.engram/config.json linked from outside is ignored with a warning (its allow rule does not let bash run)', async () => {
    const project = newProject();
    link(project, '.engram/config.json', outsideFile('config.json', JSON.stringify({ permissions: [{ tool: 'bash', action: 'allow' }] })));
    const model = await scripted.start([{ toolCalls: [{ name: 'bash', arguments: { command: 'echo ran > marker.txt' } }] }, { text: 'ok' }]);
    const run = await runAgentCli(project, model, ['touch the marker']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/config\.json: Refused: .* outside the project/);
    expect(eventsOf(run.events, 'tool_result')[0]).toMatchObject({ tool: 'bash', status: 'denied' });
    expect(fs.existsSync(path.join(project.root, 'marker.txt'))).toBe(false);
  });
});

describe('distill never writes through a link out of the project', () => {
  it('refuses to write an accepted command into .engram/commands linked to a folder elsewhere', async () => {
    const project = newProject();
    seedSessions(project.dataDir, project.root, [
      release('1.2.0', [['read', { file_path: 'README.md' }]]),
      NOISE[0],
      release('1.3.0', [['glob', { pattern: '**/*.md' }]]),
      release('1.3.1', [['bash', { command: 'cat CHANGELOG.md' }]]),
    ]);
    const elsewhere = tempDir('engram-outside-');
    link(project, '.engram/commands', elsewhere);
    const run = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'distill', '--no-llm', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.candidates.map((c: { name: string }) => c.name)).toEqual(['prepare-release']);
    expect(out.artifacts).toEqual([]);
    expect(out.refused[0].reason).toContain('outside the project');
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});
