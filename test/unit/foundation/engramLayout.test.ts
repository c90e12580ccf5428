import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDirsText, classifyEngramPath, engramLayout, MERGEABLE_FILES, mergeFormatOf, PERSONAL_PATTERNS, withinEngram } from '../../../contract/engramLayout';
import { REPO_ROOT } from '../../helpers/cli';

const LAYOUT_MODULE = 'contract/engramLayout.ts';
const SOURCE_DIRS = ['contract', 'main', 'preload', 'renderer', 'bench', 'scripts', 'bin'];

/** Comments may name paths (they explain); code may not. Blanks comments out, keeping line numbers. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** `.engram` as a path segment (not a property such as `cells.engram[i]`), or a file name only SPEC §3 gives meaning to. */
const SPELLS_LAYOUT = /\.engram(?=[/\\'"`]|$)|['"`/](?:checkpoint|notes|progress)\.md\b|SKILL\.md|\.before\.md|\.replaced\b/;

function offenders(files: Array<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    stripComments(text)
      .split('\n')
      .forEach((line, i) => {
        if (SPELLS_LAYOUT.test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return out;
}

function sourceFiles(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.(tsx?|mjs|js)$/.test(e.name) && rel !== LAYOUT_MODULE) out.push({ file: rel, text: fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8') });
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(REPO_ROOT, dir))) walk(dir);
  return out;
}

describe('the .engram/ layout has one owner', () => {
  it('the check catches a path spelled in code and ignores one named in a comment', () => {
    const caught = offenders([
      { file: 'a.ts', text: "const f = path.join(root, '.engram', 'tasks');" },
      { file: 'b.ts', text: 'const f = `${dir}/checkpoint.md`;' },
      { file: 'c.tsx', text: '<code>.engram/MEMORY.md</code>' },
      { file: 'd.ts', text: '// lives in .engram/sessions/<id>/notes.md\nwindow.engramBridge = x; /* .engram/dreams/.lock */' },
    ]);
    expect(caught.map((c) => c.split(':')[0])).toEqual(['a.ts', 'b.ts', 'c.tsx']);
  });

  it(`no source file outside ${LAYOUT_MODULE} spells a path under .engram/`, () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(offenders(files)).toEqual([]);
  });
});

describe('engramLayout', () => {
  it('computes the SPEC §3 paths', () => {
    expect(engramLayout.memoryFile).toBe('.engram/MEMORY.md');
    expect(engramLayout.checkpointFile('ses_1')).toBe('.engram/sessions/ses_1/checkpoint.md');
    expect(engramLayout.notesFile('ses_1')).toBe('.engram/sessions/ses_1/notes.md');
    expect(engramLayout.progressFile('t-1')).toBe('.engram/tasks/t-1/progress.md');
    expect(engramLayout.artifactFile('skill', 'lint')).toBe('.engram/skills/lint/SKILL.md');
    expect(engramLayout.artifactFile('agent', 'rev', '.claude')).toBe('.claude/agents/rev.md');
    expect(engramLayout.artifactFile('command', 'ship', '.opencode')).toBe('.opencode/commands/ship.md');
    expect(engramLayout.dreamReport('d1')).toBe('.engram/dreams/d1.md');
    expect(engramLayout.dreamBefore('d1')).toBe('.engram/dreams/d1.before.md');
    expect(engramLayout.dreamReplaced('d1', '.engram/memory/rules.md')).toBe('.engram/dreams/d1.replaced/memory/rules.md');
    expect(engramLayout.dreamLock).toBe('.engram/dreams/.lock');
    expect(engramLayout.configFile).toBe('.engram/config.json');
    expect(engramLayout.topicFile('rules')).toBe('.engram/memory/rules.md');
    expect(withinEngram(engramLayout.topicFile('rules'))).toBe(engramLayout.topicLink('rules'));
    expect(artifactDirsText('agent', '/')).toBe('.engram/agents/, .claude/agents/ or .opencode/agents/');
  });

  it('says what each file is, whether it is shared or personal, and whether it merges by entry id', () => {
    const cases: Array<[string, string, string, 'shared' | 'personal', boolean]> = [
      [engramLayout.memoryFile, 'memory', '', 'shared', true],
      [engramLayout.topicFile('rules'), 'topic', 'rules.md', 'shared', true],
      [engramLayout.checkpointFile('ses_1'), 'checkpoint', 'ses_1', 'personal', false],
      [engramLayout.notesFile('ses_1'), 'notes', 'ses_1', 'personal', false],
      [engramLayout.progressFile('t-1'), 'task', 't-1', 'shared', false],
      [engramLayout.artifactFile('skill', 'lint'), 'skill', 'lint', 'shared', false],
      [engramLayout.artifactFile('agent', 'rev'), 'agent', 'rev', 'shared', false],
      [engramLayout.artifactFile('command', 'ship'), 'command', 'ship', 'shared', false],
      [engramLayout.dreamReport('d1'), 'dream-report', 'd1', 'shared', false],
      [engramLayout.dreamBefore('d1'), 'dream-backup', 'd1', 'personal', false],
      [engramLayout.dreamReplaced('d1', engramLayout.memoryFile), 'dream-backup', 'd1', 'personal', false],
      [engramLayout.dreamLock, 'dream-lock', '', 'personal', false],
      [engramLayout.configFile, 'config', '', 'shared', false],
      ['.engram/README.txt', 'other', '', 'shared', false],
    ];
    for (const [rel, kind, owner, sharing, merges] of cases) {
      const mergeFormat = merges ? 'memory' : kind === 'task' ? 'progress' : null;
      expect(classifyEngramPath(rel), rel).toEqual({ kind, owner, sharing, mergesByEntryId: merges, mergeFormat });
    }
    expect(classifyEngramPath('.engram\\sessions\\ses_2\\notes.md')?.kind).toBe('notes');
    expect(classifyEngramPath('src/.engram.ts')).toBeNull();
    expect(classifyEngramPath('MEMORY.md')).toBeNull();
  });

  it('its personal patterns cover exactly the files it calls personal', () => {
    const matches = (rel: string) =>
      PERSONAL_PATTERNS.some((p) => {
        const inner = withinEngram(rel);
        const re = new RegExp('^' + p.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*') + (p.endsWith('/') ? '' : '$'));
        return re.test(inner);
      });
    for (const rel of [
      engramLayout.checkpointFile('s'),
      engramLayout.notesFile('s'),
      engramLayout.dreamLock,
      engramLayout.dreamBefore('d'),
      engramLayout.dreamReplaced('d', engramLayout.memoryFile),
      engramLayout.memoryFile,
      engramLayout.progressFile('t'),
      engramLayout.dreamReport('d'),
      engramLayout.topicFile('x'),
    ]) {
      expect(matches(rel), rel).toBe(classifyEngramPath(rel)!.sharing === 'personal');
    }
  });

  it("names the files git merges with Engram's driver, also for a project below the repository root", () => {
    expect(MERGEABLE_FILES).toEqual([
      { pattern: '.engram/MEMORY.md', format: 'memory' },
      { pattern: '.engram/memory/*.md', format: 'memory' },
      { pattern: '.engram/tasks/*/progress.md', format: 'progress' },
    ]);
    expect(mergeFormatOf('.engram/MEMORY.md')).toBe('memory');
    expect(mergeFormatOf('services/api/.engram/memory/rules.md')).toBe('memory');
    expect(mergeFormatOf('./.engram/tasks/t-1/progress.md')).toBe('progress');
    expect(mergeFormatOf('.engram\\tasks\\t-1\\progress.md')).toBe('progress');
    expect(mergeFormatOf('.engram/sessions/s/notes.md')).toBeNull();
    expect(mergeFormatOf('.engram/tasks/t-1/notes.md')).toBeNull();
    expect(mergeFormatOf('docs/MEMORY.md')).toBeNull();
  });
});
