import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { memoryFixture } from './fixture';
import { WORKER_MIN_TEXTS } from '../../../main/memory/context/tokenCountWorker';

const stored = (db: ReturnType<typeof memoryFixture>['db']) =>
  db.prepare(`SELECT body, tokens FROM memory_docs WHERE source_type = 'memory' ORDER BY rowid`).all() as { body: string; tokens: number }[];

describe('token counts stored with each entry', () => {
  it('are the o200k counts of the text as written, for one entry and for a batch counted in a worker', () => {
    const { db, engine } = memoryFixture();
    const awsKey = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join('');
    engine.add({ kind: 'rules', text: `Deploys use ${awsKey} for uploads` });
    const texts = Array.from({ length: WORKER_MIN_TEXTS + 321 }, (_, i) =>
      i % 7 === 0 ? `Größe ${i} 東京 😀 ${'lorem ipsum '.repeat(i % 40)}end` : `entry ${i}: the ${i % 3 ? 'cache' : 'queue'} was ${'x'.repeat(i % 30)}.`,
    );
    engine.addMany(texts.map((text) => ({ kind: 'knowledge', text })));
    const rows = stored(db);
    expect(rows).toHaveLength(texts.length + 1);
    // The redacted text is what was written and indexed, and what was counted.
    expect(rows[0].body).toBe('Deploys use [redacted: AWS access key] for uploads');
    expect(rows.filter((r) => r.tokens !== countTokens(r.body))).toEqual([]);
    expect(rows.slice(1).map((r) => r.body)).toEqual(texts);
  });
});
