/**
 * The kinds of SPEC §3: section names of MEMORY.md in lower case. `superseded` is not a kind
 * anyone writes to: entries move there when a newer one replaces them.
 */
export const MEMORY_KINDS = ['context', 'rules', 'decisions', 'knowledge', 'patterns', 'gotchas'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];
export const SUPERSEDED = 'superseded';

export function isMemoryKind(value: string): value is MemoryKind {
  return (MEMORY_KINDS as readonly string[]).includes(value);
}

/** The heading text used when a section has to be created. */
export function sectionTitle(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

export class UnknownKindError extends Error {
  constructor(kind: string) {
    super(`unknown memory kind "${kind}": use one of ${MEMORY_KINDS.join(', ')}`);
    this.name = 'UnknownKindError';
  }
}

export function requireKind(kind: string): MemoryKind {
  const k = kind.trim().toLowerCase();
  if (!isMemoryKind(k)) throw new UnknownKindError(kind);
  return k;
}
