import { useEffect, useRef } from 'react';
import { useConfirm } from '../../state/confirmStore';

/** The one confirmation dialog: Escape or Cancel keeps things as they are; the safe button has focus. */
export function ConfirmDialog() {
  const open = useConfirm((s) => s.open);
  const answer = useConfirm((s) => s.answer);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) cancelRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const lines = Array.isArray(open.body) ? open.body : [open.body];
  return (
    <div className="confirm-backdrop" onMouseDown={() => answer(false)}>
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        className="confirm"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            answer(false);
          }
        }}
      >
        <h2 id="confirm-title">{open.title}</h2>
        <div id="confirm-body">
          {lines.length > 1 ? (
            <ul>{lines.map((l) => <li key={l}>{l}</li>)}</ul>
          ) : (
            <p>{lines[0]}</p>
          )}
        </div>
        <div className="confirm-buttons">
          <button ref={cancelRef} type="button" className="button" onClick={() => answer(false)}>
            Cancel
          </button>
          <button type="button" className={`button ${open.danger ? 'danger' : 'primary'}`} onClick={() => answer(true)}>
            {open.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
