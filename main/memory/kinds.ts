import { MEMORY_KINDS, type MemoryKind } from '../../contract/memory';

// The list is the contract's (the API validates kinds and the Memory view offers them from it).
export { MEMORY_KINDS, type MemoryKind };
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
