import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { useWorkbench } from '../../state/workbenchStore';

/**
 * Shows what the host did on its own (e.g. rebuilt a damaged database) until dismissed: the
 * latest notice given before this window connected (a rebuild at start-up), then each new one.
 */
export function NoticeBanner() {
  const api = useApi();
  const [notice, setNotice] = useState<AppNotice | null>(null);
  useEffect(() => api.on('app.notice', setNotice), [api]);
  // Asked once connected (the workbench state has loaded): calls fail while connecting.
  const loaded = useWorkbench((s) => s.loaded);
  useEffect(() => {
    if (!loaded) return;
    let cancelled = false;
    api
      .call('app.notices', {})
      .then(({ notices }) => {
        const latest = notices.at(-1);
        if (!cancelled && latest) setNotice((shown) => (shown && shown.at >= latest.at ? shown : latest));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, loaded]);
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
