/**
 * The one contract between the renderer and the host core, one file per domain. It imports
 * nothing but zod: main/, preload/ and renderer/ import it, never each other.
 *
 * To add a method `domain.verb`:
 *   1. its request schema in the domain file's `…Schemas` (zod, `.strict()`, bounded strings;
 *      messages a person can read, e.g. `.min(1, 'Enter a name.')`);
 *   2. its answer in the domain's `…Responses` (the compiler refuses one without the other);
 *   3. its handler in main/core/host.ts `createHandlers`, unannotated: its params are
 *      `ApiRequest<'domain.verb'>` (z.output of the schema), so a drift does not compile.
 * A new domain file adds its `…Schemas`, `…Responses` and `…Events` to api.ts and a line here.
 * To add an event: put it in the domain's `…Events`; the host emits it with `events.emit`.
 * A list both sides use (modes, statuses, providers…) is an `as const` array in its domain file,
 * its type derived from it, imported everywhere else; labels for it are `Record<Type, …>`.
 * Failures: domains throw main/errors/domainErrors.ts; main/core/apiErrors.ts maps them to the
 * codes in errors.ts. A new code goes in API_ERROR_CODES and in that one mapping.
 */
export * from './api';
export * from './errors';
export * from './wire';
export * from './app';
export * from './projects';
export * from './terminal';
export * from './tasks';
export * from './agent';
export * from './settings';
export * from './memory';
export * from './dreams';
export * from './skills';
export * from './usage';
export * from './mcp';
export * from './worktrees';
export * from './actions';
export * from './engramLayout';
