import fs from 'node:fs';

/**
 * CPU time per group of processes (and, for Chromium's renderer, per thread), read from
 * /proc: where the machine's cores went while a benchmark ran. Only this process and its
 * descendants count: on a shared machine other people's shells and browsers match the same
 * names (one run was charged 18.7 s of CPU in 5.6 s of wall time on 2 cores). Linux only;
 * elsewhere the snapshot is empty and the bench prints no breakdown.
 */
export type CpuSnapshot = Map<string, { group: string; ms: number }>;

/** Names a process (or a renderer thread) by what it is in the terminal pipeline. */
function groupOf(pid: string, cmdline: string, comm: string): string | null {
  if (pid === String(process.pid)) return 'this bench process (and the shells it ran)';
  if (cmdline.includes('ptyHost.js')) return 'PTY host';
  if (cmdline.includes('engram.js')) return 'engram serve (core)';
  if (/^(yes|head|bash)$/.test(comm)) return 'shell, yes, head';
  if (/chrom/.test(comm) || cmdline.includes('chromium')) {
    if (cmdline.includes('--type=renderer')) return 'Chromium renderer';
    return 'Chromium (browser, GPU, network)';
  }
  return null;
}

const RENDERER_THREADS: [RegExp, string][] = [
  [/^CrRendererMain$|^chromium$/, 'page main thread (xterm parse + DOM render)'],
  [/^ThreadPoolForeg|^Compositor|^CompositorTileW/, 'raster and compositor threads'],
];

function ticksOf(stat: string, withChildren: boolean): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(f[11]) + Number(f[12]);
  // Exited children (yes, head) are added to their parent shell's counters once reaped.
  return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) * 10;
}

/** This process and every process below it, with each one's /proc stat line. */
function ownTree(): Map<string, string> {
  const stats = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      stats.set(pid, stat);
      const siblings = children.get(ppid);
      if (siblings) siblings.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  const tree = new Map<string, string>();
  const queue = [String(process.pid)];
  while (queue.length) {
    const pid = queue.pop()!;
    const stat = stats.get(pid);
    if (stat === undefined || tree.has(pid)) continue;
    tree.set(pid, stat);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export function cpuSnapshot(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  if (!fs.existsSync('/proc/self/stat')) return out;
  for (const [pid, stat] of ownTree()) {
    try {
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const group = groupOf(pid, fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '), comm);
      if (!group) continue;
      if (group !== 'Chromium renderer') {
        out.set(pid, { group, ms: ticksOf(stat, group === 'shell, yes, head' || pid === String(process.pid)) });
        continue;
      }
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const tstat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const tcomm = tstat.slice(tstat.indexOf('(') + 1, tstat.lastIndexOf(')'));
        const thread = RENDERER_THREADS.find(([re]) => re.test(tcomm))?.[1] ?? 'other threads';
        out.set(`${pid}/${tid}`, { group: `Chromium renderer: ${thread}`, ms: ticksOf(tstat, false) });
      }
    } catch {
      // The process ended between listing and reading.
    }
  }
  return out;
}

/** CPU milliseconds per group between two snapshots, largest first. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): [string, number][] {
  const spent = new Map<string, number>();
  for (const [key, { group, ms }] of after) spent.set(group, (spent.get(group) ?? 0) + ms - (before.get(key)?.ms ?? 0));
  return [...spent].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
}

/**
 * CPU time of this process's main thread alone, in ms (null where /proc is missing): what a
 * synchronous job cannot hand to another core.
 */
export function mainThreadCpuMs(): number | null {
  try {
    return ticksOf(fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'), false);
  } catch {
    return null;
  }
}
