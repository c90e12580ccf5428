import type { ApiErrorCode, ApiErrorShape } from '../../contract';
import {
  BusyError,
  ConflictError,
  DomainError,
  InvalidInputError,
  NotADirectoryError,
  NotFoundError,
  NotReadableError,
  RetryLaterError,
  UnsupportedError,
} from '../errors/domainErrors';

/**
 * The one place a domain's error becomes the contract's: each kind of DomainError has its
 * code, the message travels as is. Anything else is a defect, answered as `internal`.
 */
const CODES: Array<[new (message: string) => DomainError, ApiErrorCode]> = [
  [NotFoundError, 'not_found'],
  [InvalidInputError, 'invalid_request'],
  // The editor shows the message and keeps the person's text: a request to redo, not a defect.
  [ConflictError, 'invalid_request'],
  [BusyError, 'busy'],
  [UnsupportedError, 'unsupported'],
  [RetryLaterError, 'internal'],
  [NotADirectoryError, 'not_a_directory'],
  [NotReadableError, 'not_readable'],
];

/** The contract's error for a domain error, or null for anything else (a defect). */
export function toApiError(err: unknown): ApiErrorShape | null {
  if (!(err instanceof DomainError)) return null;
  const code = CODES.find(([kind]) => err instanceof kind)?.[1] ?? 'internal';
  return { code, message: err.message };
}
