/**
 * The one contract between the renderer and the host core, one file per domain. It imports
 * nothing but zod: main/, preload/ and renderer/ import it, never each other.
 *
 * To add a method: put its schema in the domain's `…Schemas`, its answer in the domain's
 * `…Responses` (the compiler refuses one without the other), and its handler in main/core.
 * To add an event: put it in the domain's `…Events`. A list (modes, statuses, providers…) is
 * defined once, in its domain file, and imported everywhere else.
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
