import { useState } from 'react';
import type { DreamRecord, DreamStep, Project } from '../../../contract';
import { DreamDiffView } from './DreamDiffView';
import { useDreams } from './useDreams';
import './dreams.css';
import { useActionHandler } from '../../actions/actionRequests';
import { confirmAction } from '../../state/confirmStore';
import { useSettingsDialog } from '../../state/settingsDialog';

const STEP_WORDS: Record<DreamStep, string> = {
  lock: 'Taking the project’s dream lock…',
  read: 'Reading MEMORY.md…',
  repository: 'Checking paths against the repository…',
  model: 'Asking the model…',
  passes: 'Merging duplicates, fixing dates and paths…',
  write: 'Writing (a hand edit made meanwhile is kept)…',
  done: 'Done',
};

const when = (iso: string) => new Date(iso).toLocaleString();

/** Dream history of one project: newest first, each with its figures, diff and Revert; Dream now. */
export function DreamsView({ project }: { project: Project }) {
  const { list, step, error, notice, dreamNow, cancel, revert } = useDreams(project.id);
  const [open, setOpen] = useState<string | null>(null);
  const running = step !== null;
  useActionHandler(project.id, 'dreams.run', () => void (running || dreamNow()));
  const askRevert = async (d: DreamRecord) => {
    const ok = await confirmAction({
      title: `Revert the dream of ${when(d.finishedAt)}?`,
      body: 'MEMORY.md and the topic files go back to how they were before this dream, byte for byte. Edits made since then to the same entries are kept; the dream stays in the history, marked reverted.',
      confirmLabel: 'Revert dream',
      danger: true,
    });
    if (ok) await revert(d.id);
  };

  return (
    <div className="dreams-view">
      <header className="dreams-header">
        <div>
          <h2>Dreams</h2>
          <p className="dreams-muted">
            Merges duplicates, repairs moved paths, writes absolute dates and keeps MEMORY.md short, never dropping an entry.
            {list && <> Next scheduled dream: <time dateTime={list.nextRunAt}>{when(list.nextRunAt)}</time> (every {list.intervalDays} days).</>}
          </p>
        </div>
        <button type="button" className="dreams-primary" onClick={() => void dreamNow()} disabled={running}>
          Dream now
        </button>
      </header>
      {running && (
        <p role="status" className="dreams-progress">
          <span className="dreams-spinner" aria-hidden="true" /> {STEP_WORDS[step]}
          {step !== 'write' && (
            <button type="button" className="dreams-cancel" onClick={() => void cancel()}>
              Cancel
            </button>
          )}
        </p>
      )}
      {notice && !running && <p role="status" className="dreams-muted">{notice}</p>}
      {error && <p role="alert" className="dreams-error">{error}</p>}
      {list?.problem && !running && (
        <p role="alert" className="dreams-warning">
          {list.problem} The provider and model are chosen in Settings.{' '}
          <button type="button" className="button" onClick={() => useSettingsDialog.getState().show()}>
            Open Settings
          </button>
        </p>
      )}
      {list && !list.dreams.length && !running && <p className="dreams-muted">No dreams yet. Dream now, or wait for the schedule.</p>}
      <ol className="dreams-list" aria-label="Dream history">
        {list?.dreams.map((d) => (
          <DreamItem key={d.id} dream={d} projectId={project.id} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} onRevert={() => void askRevert(d)} busy={running} />
        ))}
      </ol>
    </div>
  );
}

function DreamItem(props: { dream: DreamRecord; projectId: string; open: boolean; onToggle: () => void; onRevert: () => void; busy: boolean }) {
  const d = props.dream;
  const figures: [string, number][] = [
    ['merged', d.merged],
    ['paths fixed', d.pathsFixed],
    ['paths flagged', d.pathsFlagged],
    ['promoted', d.promoted],
    ['superseded', d.superseded],
  ];
  return (
    <li className={`dream-item${d.status === 'reverted' ? ' reverted' : ''}`} aria-label={`Dream ${d.id}`}>
      <div className="dream-row">
        <div>
          <strong>{when(d.finishedAt)}</strong> <code className="dreams-muted">{d.id}</code>
          {d.status === 'reverted' && <span className="dream-badge">reverted</span>}
          {d.filesChanged === 0 && <span className="dream-badge">no changes</span>}
          {d.llm && <span className="dream-badge">model</span>}
        </div>
        {d.filesChanged > 0 ? (
          <div className="dream-actions">
            <button type="button" aria-expanded={props.open} onClick={props.onToggle}>
              {props.open ? 'Hide changes' : 'Show changes'}
            </button>
            <button type="button" onClick={props.onRevert} disabled={d.status === 'reverted' || props.busy}>
              Revert
            </button>
          </div>
        ) : (
          <span className="dreams-muted">Found nothing to change</span>
        )}
      </div>
      <dl className="dream-figures">
        {figures.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
        <div>
          <dt>bytes</dt>
          <dd>
            {d.bytesBefore} → {d.bytesAfter}
          </dd>
        </div>
      </dl>
      {props.open && <DreamDiffView projectId={props.projectId} dreamId={d.id} />}
    </li>
  );
}
