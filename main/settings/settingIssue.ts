import type { z } from 'zod';

/**
 * A refused setting in a person's words: which key, what it was given, what it may be
 * ("maxSteps must be a whole number from 1 to 500, not 9999"). The rule is read from the schema
 * at the issue's path, so the whole rule is named, not only the one check that failed, and the
 * `config set` CLI, config files read by the app and the Settings view all say the same.
 */
export function explainIssue(schema: z.ZodType, value: unknown, issue: z.core.$ZodIssue, prefix: string[] = []): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = [...prefix, ...path].reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || 'the value';
  const given = at(value, path);
  if (issue.code === 'unrecognized_keys') {
    const fields = fieldsOf(schemaAt(schema, path));
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${where} has no field ${names}${fields.length ? `: its fields are ${fields.join(', ')}` : ''}`;
  }
  const target = schemaAt(schema, path);
  const rule = target ? describe(target) : null;
  if (!rule) return `${where}: ${issue.message}`;
  return given === undefined ? `${where} is missing: it must be ${rule}` : `${where} must be ${rule}, not ${shown(given)}`;
}

/** The value as a person typed it, cut short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function at(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Through optional, nullable, default and pipes to the schema that says what the value is. */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const def = defOf(cur);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') cur = def.innerType as z.ZodType;
    else if (def.type === 'pipe') cur = def.in as z.ZodType;
    else return cur;
  }
}

function schemaAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | null {
  let cur: z.ZodType | null = schema;
  for (const key of path) {
    if (!cur) return null;
    const s = unwrap(cur);
    const def = defOf(s);
    if (def.type === 'object') cur = ((def.shape as Record<string, z.ZodType>)[key as string] ?? null) as z.ZodType | null;
    else if (def.type === 'array') cur = def.element as z.ZodType;
    else if (def.type === 'record') cur = def.valueType as z.ZodType;
    else return null;
  }
  return cur;
}

function fieldsOf(schema: z.ZodType | null): string[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

interface NumberCheck {
  _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } };
}

/** What a value of this schema may be, as words after "must be". */
function describe(schema: z.ZodType): string | null {
  const own = (schema as { description?: string }).description;
  if (own) return own;
  const inner = unwrap(schema);
  const innerOwn = (inner as { description?: string }).description;
  if (innerOwn) return innerOwn;
  const def = defOf(inner);
  switch (def.type) {
    case 'enum':
      return `one of ${Object.values(def.entries as Record<string, string>).join(', ')}`;
    case 'literal':
      return (def.values as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
    case 'boolean':
      return 'true or false';
    case 'string': {
      const checks = ((def.checks ?? []) as NumberCheck[]).map((c) => c._zod.def);
      if (checks.some((c) => c.format === 'url')) return 'a URL such as http://127.0.0.1:11434/v1';
      return 'text';
    }
    case 'number':
      return describeNumber(((def.checks ?? []) as NumberCheck[]).map((c) => c._zod.def));
    case 'array': {
      const element = describe(def.element as z.ZodType);
      return element ? `a JSON list, each item ${element}` : 'a JSON list';
    }
    case 'record':
      return 'a JSON object';
    case 'object': {
      const fields = Object.keys(def.shape as Record<string, unknown>);
      return fields.length ? `a JSON object with ${fields.join(', ')}` : 'a JSON object';
    }
    case 'union': {
      const parts = (def.options as z.ZodType[]).map(describe);
      return parts.every(Boolean) ? parts.join(', or ') : null;
    }
    default:
      return null;
  }
}

function describeNumber(checks: Array<{ check: string; value?: number; inclusive?: boolean; format?: string }>): string {
  const whole = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
  const kind = whole ? 'a whole number' : 'a number';
  const low = checks.find((c) => c.check === 'greater_than');
  const high = checks.find((c) => c.check === 'less_than');
  const lowWords = low ? (low.inclusive ? `${low.value}` : whole ? `${(low.value ?? 0) + 1}` : null) : null;
  const highWords = high ? (high.inclusive ? `${high.value}` : whole ? `${(high.value ?? 0) - 1}` : null) : null;
  if (lowWords !== null && highWords !== null) return `${kind} from ${lowWords} to ${highWords}`;
  if (low) return lowWords !== null ? `${kind} of at least ${lowWords}` : `${kind} greater than ${low.value}`;
  if (high) return highWords !== null ? `${kind} of at most ${highWords}` : `${kind} less than ${high.value}`;
  return kind;
}
