import { describe, expect, it } from 'vitest';
import { CHECKPOINT_SECTIONS, parseWriterAnswer, readCheckpoint, renderCheckpoint } from '../../../main/agent/continuity/checkpointDocument';

const full = (exact: string) =>
  CHECKPOINT_SECTIONS.map((s) => `## ${s}\n${s === 'Exact values' ? exact : `- ${s.toLowerCase()} item`}`).join('\n\n');

describe('the checkpoint document', () => {
  it('renders every section in SPEC order and reads back what it wrote', () => {
    const parsed = parseWriterAnswer(full('- PORT=5432'), null)!;
    const md = renderCheckpoint('ses_X', parsed.sections, new Date('2026-11-25T10:00:00Z'));
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual(CHECKPOINT_SECTIONS.map((s) => `## ${s}`));
    expect(readCheckpoint(md)).toEqual(parsed.sections);
  });

  it('keeps exact values verbatim, including "#" lines inside a code block', () => {
    const exact = '```sh\n# the flag below is load-bearing\nserve --port=8443 --dsn="postgres://a:b@h:5/db"\n```';
    const parsed = parseWriterAnswer('```markdown\n' + full(exact) + '\n```', null)!;
    expect(parsed.sections['Exact values']).toBe(exact);
    expect(parsed.missing).toEqual([]);
  });

  it('matches loose headings and fills a missing section from the previous checkpoint, else empty', () => {
    const previous = parseWriterAnswer(full('- OLD_TOKEN=abc'), null)!.sections;
    const answer = ['# Active Intent:', '- ship it', '### **Done**', '- a', '## In progress', '## Next steps', '## Decisions', '## Files touched'].join('\n');
    const parsed = parseWriterAnswer(answer, previous)!;
    expect(parsed.sections['Active intent']).toBe('- ship it');
    expect(parsed.missing).toEqual(['Open questions', 'Exact values']);
    expect(parsed.sections['Exact values']).toBe('- OLD_TOKEN=abc');
    expect(parseWriterAnswer(answer, null)!.sections['Exact values']).toBe('');
  });

  it('rejects an answer that is not a checkpoint', () => {
    expect(parseWriterAnswer('Sure! You read some files.', null)).toBeNull();
    expect(parseWriterAnswer('## Active intent\n- x\n## Done\n- y', null)).toBeNull();
    expect(parseWriterAnswer('', null)).toBeNull();
  });

  it('separates the "To memory" bullets from the checkpoint', () => {
    const parsed = parseWriterAnswer(`${full('- X=1')}\n\n## To memory\n- [gotchas] the test DB must be reset with make reset-db\n- not a bullet kind`, null)!;
    expect(parsed.toMemory).toEqual(['[gotchas] the test DB must be reset with make reset-db', 'not a bullet kind']);
    expect(parsed.sections['Exact values']).toBe('- X=1');
  });
});
