import { useEffect, useRef } from 'react';
import type { PendingPermission } from '../../state/agentStore';

/** A tool asks to run: allow it once, for the rest of this session, or deny it. */
export function PermissionDialog({ request, onAnswer }: { request: PendingPermission; onAnswer: (answer: 'once' | 'session' | 'deny') => void }) {
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
        <button ref={first} type="button" className="button primary" onClick={() => onAnswer('once')}>
          Allow once
        </button>
        <button type="button" className="button" onClick={() => onAnswer('session')}>
          Allow for session
        </button>
        <button type="button" className="button danger" onClick={() => onAnswer('deny')}>
          Deny
        </button>
      </div>
    </div>
  );
}
