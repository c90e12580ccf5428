import { useEffect, useRef } from 'react';
import { PERMISSION_ANSWERS, type PermissionAnswer } from '../../../contract';
import type { PendingPermission } from '../../state/agentStore';

/** One button per answer of the contract, in its order (the first is focused). */
const BUTTONS = {
  once: { label: 'Allow once', className: 'button primary' },
  session: { label: 'Allow for session', className: 'button' },
  deny: { label: 'Deny', className: 'button danger' },
} satisfies Record<PermissionAnswer, { label: string; className: string }>;

/** A tool asks to run: allow it once, for the rest of this session, or deny it. */
export function PermissionDialog({ request, onAnswer }: { request: PendingPermission; onAnswer: (answer: PermissionAnswer) => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [request.requestId]);
  return (
    <div
      className="permission-dialog"
      role="dialog"
      aria-modal="false"
      aria-label="Permission"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onAnswer('deny');
      }}
    >
      <p className="permission-title">
        The agent wants to use <strong>{request.tool}</strong>
      </p>
      {request.subject ? <pre className="permission-subject">{request.subject}</pre> : null}
      <div className="permission-actions">
        {PERMISSION_ANSWERS.map((answer, i) => (
          <button key={answer} ref={i === 0 ? first : undefined} type="button" className={BUTTONS[answer].className} onClick={() => onAnswer(answer)}>
            {BUTTONS[answer].label}
          </button>
        ))}
      </div>
    </div>
  );
}
