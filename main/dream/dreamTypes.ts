/** The dream shapes are the contract's (contract/dreams.ts); `engram dream --json` prints them too. */
export type { DreamFigures, DreamRecord, DreamStep, DreamList, DreamDiff } from '../../contract/dreams';

export class DreamBusyError extends Error {
  constructor(detail: string) {
    super(`a dream is already running on this project (${detail})`);
    this.name = 'DreamBusyError';
  }
}
