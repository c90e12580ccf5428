import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** Shows what the host did on its own (e.g. rebuilt a damaged database) until dismissed. */
export function NoticeBanner() {
  const api = useApi();
  const [notice, setNotice] = useState<AppNotice | null>(null);
  useEffect(() => api.on('app.notice', setNotice), [api]);
  if (!notice) return null;
  return (
    <div role="status" className="banner warning notice-banner">
      <span>{notice.message}</span>
      <button type="button" className="button small" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}
