import { useEffect, useState } from 'react';
import type { DreamDiff } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** The before/after of one dream, as unified diffs of the files it changed. */
export function DreamDiffView({ projectId, dreamId }: { projectId: string; dreamId: string }) {
  const api = useApi();
  const [diff, setDiff] = useState<DreamDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.call('dreams.diff', { projectId, id: dreamId }).then(
      (d) => live && setDiff(d),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api, projectId, dreamId]);

  if (error) return <p role="alert">{error}</p>;
  if (!diff) return <p className="dreams-muted">Loading the diff…</p>;
  if (!diff.files.length) return <p className="dreams-muted">This dream changed no file.</p>;
  return (
    <div className="dream-diff" aria-label={`Changes of dream ${dreamId}`}>
      {diff.files.map((f) => (
        <section key={f.path}>
          <h4>{f.path}</h4>
          <pre>
            {f.patch
              .split('\n')
              .slice(4)
              .map((line, i) => (
                <span key={i} className={lineClass(line)}>
                  {line || ' '}
                </span>
              ))}
          </pre>
        </section>
      ))}
    </div>
  );
}

function lineClass(line: string): string {
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return '';
}
