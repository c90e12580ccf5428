import { useEffect, useMemo, useState } from 'react';
import { engramLayout, MEMORY_ACTORS, MEMORY_EVENT_TYPES, type MemoryAddResult, type MemorySearchHit, type MemoryTimelineEvent, type Project } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { EmptyState } from '../common/EmptyState';
import { AddEntryForm, redactionLine } from './AddEntryForm';
import { EntryDetail } from './EntryDetail';
import { MergeDriverNotice } from './MergeDriverNotice';
import { MemoryChart } from './MemoryChart';
import { TimelineList } from './TimelineList';
import { highlight, snippet } from './highlight';
import { useMemoryTimeline, type TimelineFilters } from './useMemoryTimeline';
import './memory.css';
import { useActionHandler } from '../../actions/actionRequests';
import { useWorkbench } from '../../state/workbenchStore';

/** Events about a session's or a task's file rather than a memory entry. */
const FILE_EVENTS: Record<string, (id: string) => string> = {
  checkpoint: engramLayout.checkpointFile,
  notes: engramLayout.notesFile,
  task: engramLayout.progressFile,
};

/** The memory timeline with filters, search over the index, and the entry panel. */
export function MemoryView({ project }: { project: Project }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<TimelineFilters>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [fileEvent, setFileEvent] = useState<MemoryTimelineEvent | null>(null);
  const select = (e: MemoryTimelineEvent) => {
    const isFile = e.type in FILE_EVENTS;
    setFileEvent(isFile ? e : null);
    setSelected(isFile ? null : e.id);
  };
  const stableFilters = useMemo(() => filters, [filters.type, filters.actor, filters.day]);
  // The chart refetches its (small) aggregate when memory changes, like the timeline.
  const [chartVersion, setChartVersion] = useState(0);
  useEffect(() => api.on('memory.changed', (e) => e.projectId === project.id && setChartVersion((v) => v + 1)), [api, project.id]);
  const timeline = useMemoryTimeline(project.id, stableFilters);
  const [hits, setHits] = useState<MemorySearchHit[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);

  useEffect(() => {
    if (!query.trim()) {
      setHits(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.call('memory.search', { projectId: project.id, query, limit: 50 }).then(
        (r) => live && (setHits(r.hits), setSearchError(null)),
        (err: Error) => live && setSearchError(err.message),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, project.id, query]);

  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const added = ({ entry, redacted }: MemoryAddResult) => {
    setAdding(false);
    // Show the new entry: a search or a filter that would hide its "added" change is dropped.
    setQuery('');
    setFilters((f) => ({
      type: f.type === 'added' ? f.type : undefined,
      actor: f.actor === 'person' ? f.actor : undefined,
      day: f.day === entry.at ? f.day : undefined,
    }));
    setFileEvent(null);
    setSelected(entry.id);
    const what = redactionLine(redacted);
    setNotice(`Added ${entry.kind} entry ${entry.id} to ${entry.path ?? engramLayout.memoryFile}${what ? ` (${what} before writing)` : ''}.`);
  };
  const cli = useWorkbench((s) => s.info?.cli ?? 'engram');
  useActionHandler(project.id, 'memory.search', () => setTimeout(() => document.querySelector<HTMLInputElement>(`#panel-${project.id}-memory input[type="search"]`)?.focus(), 0));
  const openAdd = () => {
    setAdding(true);
    setNotice(null);
    // Already open: back to its text (a new form focuses it itself).
    setTimeout(() => document.getElementById(`memory-add-text-${project.id}`)?.focus(), 0);
  };
  useActionHandler(project.id, 'memory.add', openAdd);
  useActionHandler(project.id, 'memory.reindex', () => {
    setNotice('Rebuilding the index from the files…');
    api.call('memory.reindex', { projectId: project.id }).then(
      (r) => setNotice(`Reindexed ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'} in ${r.documents} document${r.documents === 1 ? '' : 's'} (${r.ms} ms).`),
      (err: Error) => setNotice(`Reindexing failed: ${err.message}`),
    );
  });

  const empty = timeline.loaded && timeline.total === 0 && !filters.type && !filters.actor && !filters.day;

  return (
    <div className="memory-view">
      <MergeDriverNotice projectId={project.id} />
      <MemoryChart projectId={project.id} version={chartVersion} ready={timeline.loaded} day={filters.day} onPickDay={(d) => setFilters({ ...filters, day: d })} />
      <div className="memory-toolbar">
        <input
          type="search"
          className="text-field memory-search"
          aria-label="Search memory"
          placeholder="Search memory…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button
          type="button"
          className="button memory-add-button"
          aria-expanded={adding}
          onClick={openAdd}
        >
          Add entry
        </button>
        <select aria-label="Change type" value={filters.type ?? ''} onChange={(e) => setFilters({ ...filters, type: e.target.value || undefined })}>
          <option value="">All changes</option>
          {MEMORY_EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <select aria-label="Actor" value={filters.actor ?? ''} onChange={(e) => setFilters({ ...filters, actor: e.target.value || undefined })}>
          <option value="">Everyone</option>
          {MEMORY_ACTORS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        {filters.day ? (
          <button type="button" className="memory-day-chip" aria-label={`Show every day (now ${filters.day})`} onClick={() => setFilters({ ...filters, day: undefined })}>
            {filters.day} <span aria-hidden="true">×</span>
          </button>
        ) : null}
        <span className="memory-count" aria-live="polite">
          {hits ? `${hits.length} match${hits.length === 1 ? '' : 'es'}` : `${timeline.total} change${timeline.total === 1 ? '' : 's'}`}
        </span>
      </div>
      {adding ? <AddEntryForm projectId={project.id} onAdded={added} onCancel={() => setAdding(false)} /> : null}
      {notice ? <p role="status" className="memory-notice">{notice}</p> : null}
      {timeline.error || searchError ? <p role="alert" className="view-error">{timeline.error ?? searchError}</p> : null}
      <div className="memory-body">
        {hits ? (
          <ol className="search-results" aria-label="Search results">
            {hits.length === 0 ? <li className="search-empty">Nothing in memory matches “{query}”.</li> : null}
            {hits.map((h) => (
              <li key={`${h.path}:${h.id}`}>
                <button type="button" className={`search-hit${selected === h.id ? ' selected' : ''}`} onClick={() => setSelected(h.id)}>
                  <span className={`event-type${h.id.startsWith('task:') ? ' type-task' : ''}`} title={h.id.startsWith('task:') ? `task · ${h.kind.replace(/_/g, ' ')}` : h.kind}>
                    {h.kind.replace(/_/g, ' ')}
                  </span>
                  <span className="hit-text">{highlight(snippet(h.text, query), query)}</span>
                  <span className="event-meta"><code>{h.id}</code> · {h.path}</span>
                </button>
              </li>
            ))}
          </ol>
        ) : empty ? (
          <EmptyState title="No memory yet" icon="◎" hint={<>Add one with <strong>Add entry</strong> above, or from a terminal: <code>{cli} --project {project.path} memory add --kind decisions --text "…"</code>, or edit <code>{engramLayout.memoryFile}</code> in your editor.</>}>
            <p>Everything the agent and you add to this project's memory will appear here, newest first: entries added, edited, merged and superseded.</p>
          </EmptyState>
        ) : (
          <TimelineList total={timeline.total} eventAt={timeline.eventAt} ensureRange={timeline.ensureRange} selected={selected ?? fileEvent?.id ?? null} onSelect={select} />
        )}
        {selected ? <EntryDetail key={selected} projectId={project.id} id={selected} onClose={() => setSelected(null)} /> : null}
        {fileEvent ? (
          <aside className="entry-detail" aria-label="File change">
            <header className="entry-detail-header">
              <h2>
                <span className={`event-type type-${fileEvent.type}`}>{fileEvent.type}</span> <code>{fileEvent.id}</code>
              </h2>
              <button type="button" className="icon-button visible" aria-label="Close file change" onClick={() => setFileEvent(null)}>
                ×
              </button>
            </header>
            <p className="entry-text">{fileEvent.text}</p>
            <dl className="entry-facts">
              <dt>File</dt>
              <dd><code>{FILE_EVENTS[fileEvent.type](fileEvent.id)}</code></dd>
              <dt>When</dt>
              <dd>{fileEvent.at.slice(0, 16).replace('T', ' ')}</dd>
              <dt>By</dt>
              <dd>{fileEvent.actor}{fileEvent.session ? <> in <code>{fileEvent.session}</code></> : null}</dd>
            </dl>
          </aside>
        ) : null}
      </div>
    </div>
  );
}
