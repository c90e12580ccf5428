import type { ApiErrorCode } from '../../contract';

/** An error whose message is fit to show a person as is. */
export class HostError extends Error {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
