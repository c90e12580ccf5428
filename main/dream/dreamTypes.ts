import { BusyError } from '../errors/domainErrors';

/** The dream shapes are the contract's (contract/dreams.ts); `engram dream --json` prints them too. */
export type { DreamFigures, DreamRecord, DreamStep, DreamList, DreamDiff } from '../../contract/dreams';

/** Another dream (this process or another) holds the project's dream lock. */
export class DreamBusyError extends BusyError {
  constructor(detail: string) {
    super(`a dream is already running on this project (${detail})`);
    this.name = 'DreamBusyError';
  }
}
