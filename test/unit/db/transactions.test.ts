import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../../..');

/**
 * Deferred transactions that are allowed, each with why: it only ever runs inside a caller's
 * immediate transaction, where better-sqlite3 makes it a savepoint.
 */
const NESTED_ONLY = new Set([
  // insertSpooled runs inside MemoryWriter.addSpooled's immediate transaction.
  'main/memory/import/spooledInsert.ts',
]);

/** Every `x.transaction(…)` in main/ and what is done with the function it returns. */
function transactionsIn(dir: string): Array<{ at: string; use: string }> {
  const out: Array<{ at: string; use: string }> = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ts$/.test(e.name)) {
        const source = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node) => {
          if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'transaction') {
            const parent = node.parent;
            const use = ts.isPropertyAccessExpression(parent) ? `.${parent.name.text}()` : ts.isCallExpression(parent) ? '()' : ts.SyntaxKind[parent.kind];
            const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
            out.push({ at: `${path.relative(repo, full).split(path.sep).join('/')}:${line}`, use });
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  };
  walk(path.join(repo, dir));
  return out;
}

describe('database transactions in main/', () => {
  // A deferred transaction that reads and then writes gets SQLITE_BUSY at once, without the
  // 60 s busy timeout, when another process writes meanwhile (see main/db/writeTransaction.ts).
  it('take the write lock first: immediate, or through writeTransaction', () => {
    const found = transactionsIn('main');
    expect(found.length).toBeGreaterThan(0);
    const deferred = found.filter(
      (t) => t.use !== '.immediate()' && !t.at.startsWith('main/db/writeTransaction.ts:') && !NESTED_ONLY.has(t.at.split(':')[0]),
    );
    expect(deferred).toEqual([]);
  });
});
