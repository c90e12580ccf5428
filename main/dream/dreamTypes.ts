import { BusyError, ConflictError } from '../errors/domainErrors';

/** The dream shapes are the contract's (contract/dreams.ts); `engram dream --json` prints them too. */
export type { DreamFigures, DreamRecord, DreamStep, DreamList, DreamDiff } from '../../contract/dreams';

/** Another dream (this process or another) holds the project's dream lock. */
export class DreamBusyError extends BusyError {
  constructor(detail: string) {
    super(`a dream is already running on this project (${detail})`);
    this.name = 'DreamBusyError';
  }
}

/** The dream was asked to stop (Ctrl+C, SIGTERM, Cancel) before it wrote anything. */
export class DreamCancelledError extends ConflictError {
  constructor() {
    super('the dream was stopped; nothing was written');
    this.name = 'DreamCancelledError';
  }
}
