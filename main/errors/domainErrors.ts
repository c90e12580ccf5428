/**
 * Failures a person can act on, thrown by the domains (projects, tasks, memory, agent, dream,
 * skills, terminals) in words fit to show as is. They know nothing of the transport: the host
 * core maps each kind to the contract's error code in one place (main/core/apiErrors.ts), and
 * the CLI prints their message.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (or is not open): an unknown id, a missing folder. */
export class NotFoundError extends DomainError {}

/** The input cannot be acted on as given: a bad value, an ambiguous id, a file to fix by hand. */
export class InvalidInputError extends DomainError {}

/** Someone else changed the thing since the caller read it; nothing was written. */
export class ConflictError extends DomainError {}

/** The same work is already running; try again when it ends. */
export class BusyError extends DomainError {}

/** Not possible here or now: no folder dialog in this shell, no provider, shutting down. */
export class UnsupportedError extends DomainError {}

/** A write kept racing with other writers and was given up; nothing was lost, try again. */
export class RetryLaterError extends DomainError {}

/** A path is a file where a folder was expected. */
export class NotADirectoryError extends DomainError {}

/** A path exists but this user may not read it. */
export class NotReadableError extends DomainError {}
