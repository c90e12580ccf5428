import { useEffect, useState } from 'react';
import type { TeamMemoryStatus } from '../../../contract';
import { useApi } from '../../api/apiContext';

/**
 * Git never clones config: in a teammate's clone `.gitattributes` sends memory to Engram's
 * merge driver, but the driver is not registered, and git would fall back to line merges
 * (conflicts where entries get lost). Says so, and registers it on request.
 */
export function MergeDriverNotice({ projectId }: { projectId: string }) {
  const api = useApi();
  const [status, setStatus] = useState<TeamMemoryStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    let live = true;
    setDone(false);
    api.call('memory.teamStatus', { projectId }).then(
      (s) => live && setStatus(s),
      () => live && setStatus(null), // No git, or not readable: nothing to offer.
    );
    return () => {
      live = false;
    };
  }, [api, projectId]);

  const register = () => {
    setBusy(true);
    setError(null);
    api.call('memory.registerMergeDriver', { projectId }).then(
      (s) => (setStatus(s), setDone(s.registered), setBusy(false)),
      (err: Error) => (setError(err.message), setBusy(false)),
    );
  };

  if (done) {
    return (
      <div role="status" className="banner merge-driver-notice">
        Registered: git now merges this project's memory by entry id.
        <button type="button" className="icon-button visible" aria-label="Dismiss" onClick={() => setDone(false)}>
          ×
        </button>
      </div>
    );
  }
  if (!status?.attributes || status.registered) return null;
  return (
    <div role="status" className="banner warning merge-driver-notice">
      <span>
        This repository merges Engram's memory by entry id, but the merge driver is not registered in your clone (git does not
        clone config), so a merge could conflict and lose entries.
      </span>
      <button type="button" className="button primary" onClick={register} disabled={busy}>
        {busy ? 'Registering…' : 'Register merge driver'}
      </button>
      {error ? <span role="alert" className="merge-driver-error">{error}</span> : null}
    </div>
  );
}
