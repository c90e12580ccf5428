import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { costLabel, type Project, type UsageReport } from '../../../contract';
import { useApi } from '../../api/apiContext';

const RANGES = [7, 30, 90] as const;

/** Cost per day as bars (uPlot), then per project: what the agent's model requests cost. */
export function UsagePanel({ project }: { project: Project | null }) {
  const api = useApi();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const [onlyProject, setOnlyProject] = useState(false);
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  // Bumped when requests are recorded (here, or by an `engram run` beside the window).
  const [version, setVersion] = useState(0);

  useEffect(() => api.on('usage.changed', () => setVersion((v) => v + 1)), [api]);

  useEffect(() => {
    let live = true;
    api
      .call('usage.report', { sinceDays: days, ...(onlyProject && project ? { projectId: project.id } : {}) })
      .then((r) => live && setReport(r), (err) => live && setError((err as Error).message));
    return () => {
      live = false;
    };
  }, [api, days, onlyProject, project, version]);

  useEffect(() => {
    const el = chartRef.current;
    if (!el || !report) return;
    const xs = report.days.map((d) => new Date(`${d.day}T12:00:00`).getTime() / 1000);
    const ys = report.days.map((d) => d.cost);
    const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#3b5bdb';
    const muted = getComputedStyle(document.documentElement).getPropertyValue('--text-muted').trim() || '#888';
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 180,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 0.01) * 1.15] } },
        axes: [
          { stroke: muted, grid: { show: false } },
          { stroke: muted, values: (_u, vals) => vals.map((v) => `$${v}`), size: 60 },
        ],
        series: [{}, { label: 'Cost', stroke: accent, fill: accent, paths: uPlot.paths.bars!({ size: [0.7, 24] }), points: { show: false } }],
      },
      [xs, ys],
      el,
    );
    return () => plot.destroy();
  }, [report]);

  if (error) return <p role="alert">{error}</p>;
  if (!report) return <p className="settings-muted">Loading usage…</p>;
  const t = report.totals;
  return (
    <section className="usage-panel" aria-label="Usage">
      <div className="usage-controls">
        <label>
          Last{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])} aria-label="Days">
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        {project ? (
          <label>
            <input type="checkbox" checked={onlyProject} onChange={(e) => setOnlyProject(e.target.checked)} /> only {project.name}
          </label>
        ) : null}
        <strong className="usage-total" aria-label="Total cost">
          {costLabel(t) === 'unknown' ? 'cost unknown' : costLabel(t)}
        </strong>
        <span className="settings-muted">
          {t.requests.toLocaleString()} request{t.requests === 1 ? '' : 's'} · {t.inputTokens.toLocaleString()} in / {t.outputTokens.toLocaleString()} out tokens ·{' '}
          {t.cacheReadTokens.toLocaleString()} read from cache
        </span>
      </div>
      <div ref={chartRef} className="usage-chart" role="img" aria-label={`Cost per day since ${report.since}`} />
      {t.unpricedRequests ? <p className="settings-warning">{t.unpricedRequests === 1 ? '1 request' : `${t.unpricedRequests} requests`} went to models without a known price and {t.unpricedRequests === 1 ? 'is' : 'are'} not in the cost.</p> : null}
      <table className="usage-table">
        <thead>
          <tr>
            <th>Project</th>
            <th>Cost</th>
            <th>Requests</th>
            <th>In</th>
            <th>Out</th>
            <th>Cache read</th>
          </tr>
        </thead>
        <tbody>
          {report.projects.length === 0 ? (
            <tr>
              <td colSpan={6} className="settings-muted">
                No model requests since {report.since}.
              </td>
            </tr>
          ) : null}
          {report.projects.map((p) => (
            <tr key={p.projectPath}>
              <td title={p.projectPath}>{p.projectPath.split(/[\\/]/).pop()}</td>
              <td>{costLabel(p)}</td>
              <td>{p.requests.toLocaleString()}</td>
              <td>{p.inputTokens.toLocaleString()}</td>
              <td>{p.outputTokens.toLocaleString()}</td>
              <td>{p.cacheReadTokens.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
