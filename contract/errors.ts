/**
 * The one error the boundary speaks. Domains in main/ throw their own errors
 * (main/errors/domainErrors.ts); the host core maps them to these codes in one place.
 */

export const API_ERROR_CODES = [
  'invalid_request',
  'unknown_method',
  'not_found',
  'not_a_directory',
  'not_readable',
  'unsupported',
  'busy',
  'internal',
] as const;
/** Error codes a request can fail with. The message is always human-readable. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

/** Thrown by `EngramApi.call` when the host answers with an error. */
export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
