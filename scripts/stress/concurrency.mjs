// The concurrency stress of issue 16 with real processes and real files: `adders` processes each
// run `engram memory add` `adds` times, another loops `engram dream --no-llm`, and a person
// (handEditor.mjs) adds a line to MEMORY.md every `interval` ms, by appending or by editor-style
// saves. Counts the person's lines written and where they are at the end.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const engramBin = path.resolve(here, '..', '..', 'bin', 'engram.js');

function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [engramBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Every `- <prefix> N` line number found in the given files. */
function handLines(files, prefix) {
  const found = new Set();
  const re = new RegExp(`^- ${prefix} (\\d+)(?!\\d)`, 'gm');
  for (const f of files) {
    let text;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(re)) found.add(Number(m[1]));
  }
  return found;
}

function listMd(dir, test) {
  try {
    return fs.readdirSync(dir).filter(test).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/**
 * @param {{ style: 'append' | 'rename', adders?: number, adds?: number, interval?: number, dream?: boolean, log?: (s: string) => void }} o
 * @returns {Promise<{ style: string, written: number, kept: number, keptBeside: number, lost: number[], addsOk: number, addsFailed: number, addErrors: string[], dreams: number, dreamErrors: string[], root: string }>}
 */
export async function concurrencyStress(o) {
  const adders = o.adders ?? 8;
  const adds = o.adds ?? 50;
  const interval = o.interval ?? 30;
  const prefix = 'hand entry';
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-stress-'));
  const root = path.join(base, 'repo');
  const dataDir = path.join(base, 'data');
  fs.mkdirSync(root);
  execFileSync('git', ['init', '-q'], { cwd: root });
  const g = ['--project', root, '--data-dir', dataDir];
  // Engram says where its folder is: the layout has one owner, and it is not this script.
  const engram = JSON.parse((await run([...g, '--json', 'init'])).out).path;
  const memory = path.join(engram, 'MEMORY.md');
  const stopFile = path.join(base, 'stop');

  const editor = spawn(process.execPath, [path.join(here, 'handEditor.mjs'), memory, o.style, String(interval), stopFile, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  let editorOut = '';
  let editorErr = '';
  editor.stdout.on('data', (d) => (editorOut += d));
  editor.stderr.on('data', (d) => (editorErr += d));
  const editorDone = new Promise((r) => editor.on('close', r));

  let addsOk = 0;
  const addErrors = [];
  const adder = async (a) => {
    for (let i = 0; i < adds; i++) {
      const kinds = ['rules', 'decisions', 'knowledge', 'gotchas', 'patterns', 'context'];
      const r = await run([...g, 'memory', 'add', '--kind', kinds[(a + i) % kinds.length], '--text', `adder ${a} fact ${i}: the build uses step ${a * 1000 + i}`]);
      if (r.code === 0) addsOk++;
      else addErrors.push(r.err.trim().split('\n')[0]);
    }
  };
  let adding = true;
  let dreams = 0;
  const dreamErrors = [];
  const dreamer = async () => {
    while (adding) {
      const r = await run([...g, 'dream', '--no-llm']);
      if (r.code === 0) dreams++;
      else if (!/already running/.test(r.err)) dreamErrors.push(r.err.trim().split('\n')[0]);
    }
  };
  const dreaming = o.dream === false ? Promise.resolve() : dreamer();
  await Promise.all(Array.from({ length: adders }, (_, a) => adder(a)));
  adding = false;
  await dreaming;
  fs.writeFileSync(stopFile, '');
  await editorDone;
  const written = Number(editorOut.trim().split('\n').pop());
  if (!Number.isFinite(written)) throw new Error(`the hand editor failed: ${editorErr}`);

  const keptFiles = [memory, ...listMd(path.join(engram, 'memory'), (f) => f.endsWith('.md'))];
  const besideFiles = [
    ...listMd(engram, (f) => f.includes('.conflict')),
    ...listMd(path.join(engram, 'memory'), (f) => f.includes('.conflict')),
  ];
  const kept = handLines(keptFiles, prefix);
  const beside = handLines(besideFiles, prefix);
  const lost = [];
  let keptBeside = 0;
  for (let n = 1; n <= written; n++) {
    if (kept.has(n)) continue;
    if (beside.has(n)) keptBeside++;
    else lost.push(n);
  }
  return { style: o.style, written, kept: written - lost.length - keptBeside, keptBeside, lost, addsOk, addsFailed: addErrors.length, addErrors, dreams, dreamErrors, root };
}
