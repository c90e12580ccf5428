import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileDiff, TaskDiff } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { foldedRows, sideBySideRows, unifiedLines } from './diffRows';

type Layout = 'unified' | 'split';
const LAYOUT_LABELS: Record<Layout, string> = { unified: 'Unified', split: 'Side by side' };

interface Props {
  projectId: string;
  taskId: string;
  title: string;
  onClose(): void;
}

/** What a task's agent changed against the commit it started from: files with +/−, unified or side by side. */
export function DiffDialog({ projectId, taskId, title, onClose }: Props) {
  const api = useApi();
  const [diff, setDiff] = useState<TaskDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [layout, setLayout] = useState<Layout>('unified');
  const [selected, setSelected] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    closeRef.current?.focus();
    api.call('worktrees.diff', { projectId, taskId }).then(
      (d) => {
        if (!live) return;
        setDiff(d);
        setSelected(d.files[0]?.path ?? null);
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api, projectId, taskId]);

  const file = diff?.files.find((f) => f.path === selected) ?? null;
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <div
        className="diff-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={`Diff of ${title}`}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <header className="diff-dialog-header">
          <h2>
            Diff · {title}
            {diff ? (
              <span className="diff-dialog-sub">
                <code>{diff.branch}</code> against <code>{diff.base.slice(0, 7)}</code> · {diff.files.length} file{diff.files.length === 1 ? '' : 's'}{' '}
                <span className="diff-plus">+{diff.added}</span> <span className="diff-minus">−{diff.removed}</span>
              </span>
            ) : null}
          </h2>
          <div className="diff-layout" role="group" aria-label="Layout">
            {(Object.keys(LAYOUT_LABELS) as Layout[]).map((l) => (
              <button key={l} type="button" className={`button${layout === l ? ' selected' : ''}`} aria-pressed={layout === l} onClick={() => setLayout(l)}>
                {LAYOUT_LABELS[l]}
              </button>
            ))}
          </div>
          <button ref={closeRef} type="button" className="icon-button visible" aria-label="Close diff" onClick={onClose}>
            ×
          </button>
        </header>
        {error ? <p role="alert" className="field-error diff-dialog-body">{error}</p> : null}
        {!diff && !error ? <p className="diff-dialog-body view-loading">Loading the diff…</p> : null}
        {diff && !diff.files.length ? <p className="diff-dialog-body">The agent has not changed any file yet.</p> : null}
        {diff && diff.files.length ? (
          <div className="diff-dialog-main">
            <ul className="diff-files" aria-label="Changed files">
              {diff.files.map((f) => (
                <li key={f.path}>
                  <button type="button" className={f.path === selected ? 'selected' : ''} aria-current={f.path === selected} onClick={() => setSelected(f.path)}>
                    <span className={`diff-change diff-change-${f.change}`}>{f.change[0].toUpperCase()}</span>
                    <span className="diff-file-path">{f.path}</span>
                    <span className="diff-counts">{f.added === null ? 'binary' : <><span className="diff-plus">+{f.added}</span> <span className="diff-minus">−{f.removed}</span></>}</span>
                  </button>
                </li>
              ))}
            </ul>
            {file ? <FileView file={file} layout={layout} /> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function FileView({ file, layout }: { file: FileDiff; layout: Layout }) {
  const unified = useMemo(() => (file.before !== null && file.after !== null && layout === 'unified' ? unifiedLines(file.before, file.after) : []), [file, layout]);
  const rows = useMemo(() => (file.before !== null && file.after !== null && layout === 'split' ? foldedRows(sideBySideRows(file.before, file.after)) : []), [file, layout]);
  if (file.before === null || file.after === null) return <p className="diff-note">{file.path}: {file.note}</p>;
  return (
    <div className="diff-file" aria-label={`Changes in ${file.path}`}>
      <h3>
        {file.oldPath ? `${file.oldPath} → ` : ''}
        {file.path}
      </h3>
      {layout === 'unified' ? (
        <table className="diff-table diff-unified">
          <tbody>
            {unified.map((l, i) => (
              <tr key={i} className={`tdiff-${l.kind}`}>
                <td className="diff-no">{l.oldNo ?? ''}</td>
                <td className="diff-no">{l.newNo ?? ''}</td>
                <td className="diff-text">
                  {l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : l.kind === 'hunk' ? '' : ' '}
                  {l.text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table className="diff-table diff-split">
          <tbody>
            {rows.map((r, i) =>
              'fold' in r ? (
                <tr key={i} className="tdiff-hunk">
                  <td colSpan={4} className="diff-text">
                    ⋯ {r.fold} unchanged line{r.fold === 1 ? '' : 's'}
                  </td>
                </tr>
              ) : (
                <tr key={i}>
                  <td className="diff-no">{r.left?.no ?? ''}</td>
                  <td className={`diff-text tdiff-${r.left?.kind ?? 'empty'}`}>{r.left?.text ?? ''}</td>
                  <td className="diff-no">{r.right?.no ?? ''}</td>
                  <td className={`diff-text tdiff-${r.right?.kind ?? 'empty'}`}>{r.right?.text ?? ''}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
