import { describe, expect, it } from 'vitest';
import { foldedRows, sideBySideRows, unifiedLines } from '../../../renderer/views/tasks/diffRows';

const before = 'one\ntwo\nthree\nfour\n';
const after = 'one\nTWO\nthree\nfour\nfive\n';

describe('the Diff dialog rows', () => {
  it('pairs a changed line with its replacement side by side, and numbers each side on its own', () => {
    expect(sideBySideRows(before, after)).toEqual([
      { left: { no: 1, text: 'one', kind: 'same' }, right: { no: 1, text: 'one', kind: 'same' } },
      { left: { no: 2, text: 'two', kind: 'del' }, right: { no: 2, text: 'TWO', kind: 'add' } },
      { left: { no: 3, text: 'three', kind: 'same' }, right: { no: 3, text: 'three', kind: 'same' } },
      { left: { no: 4, text: 'four', kind: 'same' }, right: { no: 4, text: 'four', kind: 'same' } },
      { left: null, right: { no: 5, text: 'five', kind: 'add' } },
    ]);
  });

  it('shows a new file as additions only, and a deleted one as removals only', () => {
    expect(sideBySideRows('', 'a\nb\n').map((r) => [r.left, r.right?.text])).toEqual([
      [null, 'a'],
      [null, 'b'],
    ]);
    expect(sideBySideRows('a\n', '').map((r) => [r.left?.text, r.right])).toEqual([['a', null]]);
  });

  it('gives the unified view a hunk header and old/new line numbers', () => {
    const lines = unifiedLines(before, after);
    expect(lines[0]).toEqual({ kind: 'hunk', text: '@@ -1,4 +1,5 @@', oldNo: null, newNo: null });
    expect(lines.slice(1).map((l) => [l.kind, l.text, l.oldNo, l.newNo])).toEqual([
      ['same', 'one', 1, 1],
      ['del', 'two', 2, null],
      ['add', 'TWO', null, 2],
      ['same', 'three', 3, 3],
      ['same', 'four', 4, 4],
      ['add', 'five', null, 5],
    ]);
  });

  it('folds long unchanged runs side by side, keeping three lines of context next to each change', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[10] = 'line 11 changed';
    const rows = foldedRows(sideBySideRows(lines.join('\n') + '\n', changed.join('\n') + '\n'));
    expect(rows.map((r) => ('fold' in r ? `fold ${r.fold}` : `${r.left?.no}:${r.right?.no}`))).toEqual([
      'fold 7', '8:8', '9:9', '10:10', '11:11', '12:12', '13:13', '14:14', 'fold 6',
    ]);
  });
});
