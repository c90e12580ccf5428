import { useWorkbench } from '../../state/workbenchStore';

/** Says so when the browser shell lost its connection to `engram serve`. */
export function ConnectionBanner() {
  const connection = useWorkbench((s) => s.connection);
  if (connection !== 'lost') return null;
  return (
    <div role="status" className="banner warning">
      Lost the connection to Engram. Reconnecting… (is <code>engram serve</code> still running?)
    </div>
  );
}
