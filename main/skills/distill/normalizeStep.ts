import path from 'node:path';

/** One tool call (or one part of a compound shell command) in a form that repeats across sessions. */
export interface Step {
  /** Normalized: paths, ids, numbers and quoted text abstracted. */
  signature: string;
  /** What actually ran (one instance), for previews and the model. */
  example: string;
  /** Real work a recipe would save (commands, config edits), not generic code edits. */
  specific: boolean;
}

/** Looking around is not a workflow: these never make a pattern on their own. */
const EXPLORATION = new Set(['read', 'glob', 'grep', 'memory_search', 'note', 'skill']);
const CONFIG_NAME = /^(package\.json|tsconfig(\..+)?\.json|\.env(\..+)?|dockerfile|makefile|cargo\.toml|pyproject\.toml|go\.mod|.*\.config\.[cm]?[jt]s|.*\.config\.json|.*\.ya?ml|.*\.toml|.*\.ini|\.[a-z]+rc(\.[a-z]+)?)$/i;
const MAX_TOKENS = 10;

export function isConfigFile(file: string): boolean {
  return CONFIG_NAME.test(path.basename(file));
}

/** A stored tool call as steps; exploration and unknown shapes give none. */
export function normalizeToolCall(tool: string, input: unknown, projectRoot: string): Step[] {
  if (EXPLORATION.has(tool)) return [];
  const args = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (tool === 'bash') return typeof args.command === 'string' ? shellSteps(args.command) : [];
  if (tool === 'edit' || tool === 'write') {
    const given = typeof args.file_path === 'string' ? args.file_path : '';
    if (!given) return [];
    const file = path.isAbsolute(given) ? path.relative(projectRoot, given) : given;
    if (isConfigFile(file)) return [{ signature: `${tool} ${file.replace(/^\.\//, '')}`, example: `${tool} ${file}`, specific: true }];
    const ext = path.extname(file) || path.basename(file);
    return [{ signature: `${tool} *${ext}`, example: `${tool} ${file}`, specific: false }];
  }
  if (tool === 'subagent') {
    const agent = typeof args.agent === 'string' ? args.agent : 'general';
    return [{ signature: `subagent ${agent}`, example: `subagent ${agent}: ${String(args.description ?? '').slice(0, 80)}`, specific: false }];
  }
  const kind = typeof args.kind === 'string' ? ` ${args.kind}` : typeof args.status === 'string' ? ` ${args.status}` : '';
  return [{ signature: `${tool}${kind}`, example: `${tool}${kind}`, specific: false }];
}

/** `cd x && npm test; git status` → `npm test`, `git status`: the parts are the steps. */
export function shellSteps(command: string): Step[] {
  const steps: Step[] = [];
  for (const part of splitCompound(command)) {
    const signature = normalizeShell(part);
    if (!signature || /^cd( |$)/.test(signature)) continue;
    steps.push({ signature, example: part.trim(), specific: true });
  }
  return steps;
}

export function normalizeShell(command: string): string {
  const text = command
    .trim()
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ' <str> ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return '';
  const tokens = text.split(' ').slice(0, MAX_TOKENS);
  // The value of a long option (`--name add_users`) is the part that changes between runs.
  return tokens.map((t, i) => (i > 0 && /^--[\w-]+$/.test(tokens[i - 1]) && !t.startsWith('-') && t !== '<str>' ? '<arg>' : abstractToken(t))).join(' ');
}

/** Free text asked again and again: lower case, values abstracted, punctuation dropped. */
export function normalizePrompt(text: string): string {
  return text
    .toLowerCase()
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`/g, ' <str> ')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => abstractToken(t.replace(/[.,;:!?]+$/, '')))
    .filter(Boolean)
    .join(' ');
}

function abstractToken(token: string): string {
  if (token === '<str>') return token;
  const eq = /^(--?[\w-]+)=(.*)$/.exec(token);
  if (eq) return `${eq[1]}=${abstractToken(eq[2])}`;
  if (/^v?\d+(\.\d+){1,3}([-+][\w.]+)?$/.test(token)) return '<version>';
  if (/^-?\d+(\.\d+)?[a-z%]{0,3}$/i.test(token)) return '<n>';
  if (/^(ses|task|call|m)_?[0-9a-z]{6,}$/i.test(token) || (/^[0-9a-f]{7,}$/i.test(token) && /\d/.test(token))) return '<id>';
  if (/^[0-9A-HJKMNP-TV-Z]{20,}$/.test(token)) return '<id>';
  if (token.includes('/') || /^[\w.-]+\.[a-z0-9]{1,5}$/i.test(token)) {
    return isConfigFile(token) ? path.basename(token) : '<path>';
  }
  return token;
}

/** Splits on `&&`, `||`, `;` and newlines outside quotes. */
function splitCompound(command: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote && command[i - 1] !== '\\') quote = null;
      current += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    const two = command.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      parts.push(current);
      current = '';
      i++;
      continue;
    }
    if (c === ';' || c === '\n') {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}
