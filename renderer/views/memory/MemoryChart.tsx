import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { MemoryOverview } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** One colour per kind, the same in light and dark (muted enough for both). */
const KIND_COLOURS: Record<string, string> = {
  rules: '#e8590c',
  decisions: '#1971c2',
  knowledge: '#2f9e44',
  patterns: '#9c36b5',
  gotchas: '#e03131',
  context: '#0c8599',
  superseded: '#868e96',
};
const colourOf = (kind: string) => KIND_COLOURS[kind] ?? '#495057';
const DAY_S = 86_400;
const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const LABEL_FONT = '11px system-ui';
/** uPlot's gap between a label and the plot, and a little margin on the other side. */
const LABEL_PADDING = 10;
let measurer: CanvasRenderingContext2D | null = null;

/** Width the y axis needs for these labels, measured in the font they are drawn in. */
function labelRoom(values: string[] | null): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return 36;
  measurer.font = LABEL_FONT;
  const widest = Math.max(0, ...(values ?? []).map((v) => measurer!.measureText(v).width));
  return Math.max(24, Math.ceil(widest) + LABEL_PADDING);
}

interface Props {
  projectId: string;
  /** Bumped on `memory.changed`: the picture is fetched again (one small aggregate). */
  version: number;
  /**
   * The timeline's first page has arrived: only then is the picture asked for, so its aggregate
   * (a scan of the project's events) never delays the timeline's first paint.
   */
  ready: boolean;
  day: string | undefined;
  onPickDay(day: string): void;
}

/**
 * The project's memory at a glance: entries by kind, stacked, over time; dreams that merged or
 * moved entries as marks; superseded and stale-path counts. Clicking a day filters the timeline
 * to it. Drawn by uPlot (canvas, a few hundred points: the host aggregates in SQLite).
 */
export function MemoryChart({ projectId, version, ready, day, onPickDay }: Props) {
  const api = useApi();
  const [overview, setOverview] = useState<MemoryOverview | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPickDay);
  pick.current = onPickDay;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    api.call('memory.overview', { projectId }).then((o) => live && setOverview(o), () => undefined);
    return () => {
      live = false;
    };
  }, [api, projectId, version, ready]);

  useEffect(() => {
    const el = host.current;
    if (!el || !overview || overview.days.length === 0) return;
    // Kinds drawn top of the stack first, so each fill covers only its own band.
    const kinds = Object.keys(overview.entries).sort((a, b) => order(a) - order(b));
    const stacked: number[][] = [];
    kinds.forEach((k, i) => stacked.push(overview.entries[k].map((n, j) => n + (i ? stacked[i - 1][j] : 0))));
    const xs = overview.days.map(toSeconds);
    const dreamDays = new Set(overview.dreams.filter((d) => !d.reverted).map((d) => toSeconds(d.day)));
    const muted = getComputedStyle(el).getPropertyValue('--text-muted').trim() || '#5d6577';
    const grid = getComputedStyle(el).getPropertyValue('--border').trim() || '#d9dde5';
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 116,
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      // One day alone: the day before to the day after. (uPlot widens a single time value by
      // 86400 / its ms factor, i.e. a thousand days for seconds: years of empty months.)
      scales: { x: { time: true, range: (_u, min, max) => (xs.length === 1 ? [xs[0] - DAY_S, xs[0] + DAY_S] : [min, max]) } },
      axes: [
        {
          stroke: muted,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 22,
          font: LABEL_FONT,
          // Whole days only: a tick every few hours would print the same date over and over.
          incrs: [1, 2, 7, 14, 30, 61, 91, 182, 365, 730].map((d) => d * DAY_S),
          // Month-day only: the year would need a second line the strip has no room for.
          values: (_u, splits) => splits.map((s) => new Date(s * 1000).toISOString().slice(5, 10)),
        },
        // As wide as its widest label (a fixed 36 px cut "10,000" to "0,000").
        { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { show: false }, size: (_u, values) => labelRoom(values), font: LABEL_FONT },
      ],
      series: [
        {},
        ...kinds
          .map((k) => ({
            label: k,
            stroke: colourOf(k),
            width: 1.5,
            fill: `${colourOf(k)}33`,
            // A line needs two days: a single day is drawn as a dot per kind.
            points: xs.length === 1 ? { show: true, size: 9, fill: colourOf(k) } : { show: false },
          }))
          .reverse(),
      ],
      hooks: {
        // The span shown, as days, for anyone (and any test) reading the page rather than the canvas.
        setScale: [
          (u, key) => {
            if (key !== 'x' || u.scales.x.min == null || u.scales.x.max == null) return;
            el.dataset.xFrom = new Date(u.scales.x.min * 1000).toISOString().slice(0, 10);
            el.dataset.xTo = new Date(u.scales.x.max * 1000).toISOString().slice(0, 10);
          },
        ],
        draw: [
          (u) => {
            // A dashed line on each day a dream merged or moved entries.
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = muted;
            ctx.setLineDash([3, 3]);
            ctx.lineWidth = devicePixelRatio;
            for (const x of dreamDays) {
              const px = Math.round(u.valToPos(x, 'x', true));
              ctx.beginPath();
              ctx.moveTo(px, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    };
    const u = new uPlot(opts, [xs, ...stacked.slice().reverse()] as uPlot.AlignedData, el);
    plot.current = u;
    const onClick = () => {
      const idx = u.cursor.idx;
      if (idx != null && overview.days[idx]) pick.current(overview.days[idx]);
    };
    u.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: 116 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [overview]);

  if (!overview || overview.days.length === 0) return null;
  const t = overview.totals;
  const kinds = Object.keys(overview.entries).filter((k) => k !== 'superseded').sort((a, b) => order(a) - order(b));
  const last = overview.days.length - 1;
  const dreams = overview.dreams.filter((d) => !d.reverted);
  return (
    <figure className="memory-chart" aria-label="Memory over time">
      <div className="memory-chart-plot" ref={host} data-days={overview.days.length} title="Click a day to show only its changes" />
      <figcaption className="memory-chart-legend">
        {kinds.map((k) => (
          <span key={k} className="memory-chart-kind">
            <i style={{ background: colourOf(k) }} aria-hidden="true" />
            {k} {overview.entries[k][last]}
          </span>
        ))}
        <span className="memory-chart-sep" aria-hidden="true" />
        <span className="memory-chart-figure">{t.superseded} superseded</span>
        <span className={`memory-chart-figure${t.stalePaths ? ' warn' : ''}`}>
          {t.stalePaths} stale path{t.stalePaths === 1 ? '' : 's'}
        </span>
        <span className="memory-chart-figure">
          {dreams.length} dream{dreams.length === 1 ? '' : 's'} that merged or moved entries <i className="memory-chart-dash" aria-hidden="true" />
        </span>
        {day ? null : <span className="memory-chart-hint">click a day to filter</span>}
      </figcaption>
    </figure>
  );
}

/** Rules at the bottom of the stack (they matter most), superseded on top. */
function order(kind: string): number {
  const i = ['rules', 'decisions', 'gotchas', 'patterns', 'knowledge', 'context', 'superseded'].indexOf(kind);
  return i < 0 ? 6 : i;
}
