import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../contract';
import { useApi } from '../../api/apiContext';

/**
 * Shows what the host did on its own (e.g. rebuilt a damaged database) until dismissed: the
 * latest notice given before this window opened (a rebuild at start-up), then each new one.
 */
export function NoticeBanner() {
  const api = useApi();
  const [notice, setNotice] = useState<AppNotice | null>(null);
  useEffect(() => {
    let live = false;
    const off = api.on('app.notice', (n) => {
      live = true;
      setNotice(n);
    });
    api
      .call('app.notices', {})
      .then(({ notices }) => {
        if (!live && notices.length) setNotice(notices[notices.length - 1]);
      })
      .catch(() => undefined);
    return off;
  }, [api]);
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
