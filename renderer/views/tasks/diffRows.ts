import { diffLines, structuredPatch } from 'diff';

/** One line of a unified view: its kind and its line numbers on each side. */
export interface UnifiedLine {
  kind: 'hunk' | 'add' | 'del' | 'same';
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

/** The unified view of a file's change, three lines of context around each hunk. */
export function unifiedLines(before: string, after: string): UnifiedLine[] {
  const patch = structuredPatch('a', 'b', before, after, '', '', { context: 3 });
  const lines: UnifiedLine[] = [];
  for (const h of patch.hunks) {
    lines.push({ kind: 'hunk', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, oldNo: null, newNo: null });
    let oldNo = h.oldStart;
    let newNo = h.newStart;
    for (const raw of h.lines) {
      if (raw.startsWith('\\')) continue;
      const text = raw.slice(1);
      if (raw[0] === '+') lines.push({ kind: 'add', text, oldNo: null, newNo: newNo++ });
      else if (raw[0] === '-') lines.push({ kind: 'del', text, oldNo: oldNo++, newNo: null });
      else lines.push({ kind: 'same', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return lines;
}

/** One row of the side-by-side view: the old line on the left, the new one on the right. */
export interface SideRow {
  left: { no: number; text: string; kind: 'del' | 'same' } | null;
  right: { no: number; text: string; kind: 'add' | 'same' } | null;
}

/** Unchanged lines left out between two changes (or before the first, after the last). */
export interface FoldRow {
  fold: number;
}

/**
 * Side-by-side rows with long unchanged runs folded, as the unified view does: `context`
 * lines are kept next to each change, the rest become one FoldRow.
 */
export function foldedRows(rows: SideRow[], context = 3): Array<SideRow | FoldRow> {
  const out: Array<SideRow | FoldRow> = [];
  const same = (r: SideRow) => r.left?.kind === 'same';
  for (let i = 0; i < rows.length; ) {
    if (!same(rows[i])) {
      out.push(rows[i++]);
      continue;
    }
    let end = i;
    while (end < rows.length && same(rows[end])) end++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === rows.length ? 0 : context;
    if (end - i > keepBefore + keepAfter + 1) {
      out.push(...rows.slice(i, i + keepBefore), { fold: end - i - keepBefore - keepAfter }, ...rows.slice(end - keepAfter, end));
    } else out.push(...rows.slice(i, end));
    i = end;
  }
  return out;
}

/** Side-by-side rows: removed and added runs are paired line by line, unchanged lines face each other. */
export function sideBySideRows(before: string, after: string): SideRow[] {
  const rows: SideRow[] = [];
  let oldNo = 1;
  let newNo = 1;
  let removed: string[] = [];
  const flush = (added: string[]) => {
    const n = Math.max(removed.length, added.length);
    for (let i = 0; i < n; i++) {
      rows.push({
        left: i < removed.length ? { no: oldNo++, text: removed[i], kind: 'del' } : null,
        right: i < added.length ? { no: newNo++, text: added[i], kind: 'add' } : null,
      });
    }
    removed = [];
  };
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.removed) removed.push(...lines);
    else if (part.added) flush(lines);
    else {
      flush([]);
      for (const text of lines) rows.push({ left: { no: oldNo++, text, kind: 'same' }, right: { no: newNo++, text, kind: 'same' } });
    }
  }
  flush([]);
  return rows;
}
