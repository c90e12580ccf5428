/**
 * The words the generated histories are made of. Each planted fact is written with one set of
 * words and asked about with another: an area has other names people use for it, a choice
 * category and an action are paraphrased, so a question shares only one or two content words
 * with the fact (sometimes only a word stem, which a prefix match can find and an exact one
 * cannot).
 */

/** Areas of the product, with what else people call them. */
export const AREAS: Record<string, string[]> = {
  billing: ['invoicing', 'invoices'],
  search: ['lookup', 'full-text queries'],
  auth: ['login', 'sign-in'],
  export: ['CSV downloads', 'data dumps'],
  sync: ['replication', 'offline merging'],
  upload: ['attachments', 'file intake'],
  logging: ['log output', 'audit trail'],
  metrics: ['telemetry', 'counters'],
  routing: ['navigation', 'URL handling'],
  caching: ['memoization', 'the cache layer'],
  theming: ['dark mode', 'colour schemes'],
  onboarding: ['signup flow', 'first-run wizard'],
  payments: ['checkout', 'card charges'],
  reports: ['dashboards', 'monthly summaries'],
  scheduler: ['cron jobs', 'timed tasks'],
  webhooks: ['callbacks', 'outgoing hooks'],
};

/** What a decision picks a library for, how a question may put it, and the candidates. */
export const CATEGORIES: { name: string; asked: string[]; libs: string[] }[] = [
  { name: 'validation', asked: ['schema checking', 'validating payloads'], libs: ['zod', 'valibot', 'ajv', 'yup'] },
  { name: 'database access', asked: ['the ORM', 'SQL queries'], libs: ['drizzle', 'knex', 'prisma', 'kysely'] },
  { name: 'HTTP calls', asked: ['outbound requests', 'fetching remote APIs'], libs: ['undici', 'got', 'axios', 'ky'] },
  { name: 'date handling', asked: ['timestamps', 'time zones'], libs: ['luxon', 'dayjs', 'date-fns', 'moment'] },
  { name: 'image resizing', asked: ['thumbnails', 'resizing pictures'], libs: ['sharp', 'jimp', 'squoosh', 'gm'] },
  { name: 'job queues', asked: ['background work', 'queued jobs'], libs: ['bullmq', 'agenda', 'bee-queue', 'pg-boss'] },
  { name: 'test running', asked: ['the unit tests', 'running specs'], libs: ['vitest', 'mocha', 'jest', 'ava'] },
];

export const REASONS = [
  'it leaked memory under load',
  'its maintainer archived it',
  'it doubled the bundle size',
  'it had no ESM build',
  'its types were wrong in strict mode',
];

/** A rule's action, and how a question may put it (note the word forms: deploy/deploying). */
export const ACTIONS: { name: string; asked: string[] }[] = [
  { name: 'pushing to main', asked: ['landing on main', 'merging into the main branch'] },
  { name: 'tagging a release', asked: ['cutting a release', 'publishing a version'] },
  { name: 'merging a migration', asked: ['landing a schema migration', 'changing the schema'] },
  { name: 'opening a pull request', asked: ['asking for review', 'submitting a PR'] },
  { name: 'deploying staging', asked: ['a staging deploy', 'shipping to staging'] },
  { name: 'publishing the package', asked: ['releasing to npm', 'a package publish'] },
];

export const COMMANDS = ['npm run lint', 'npm run typecheck', 'make migrate', 'npm run e2e', 'npm run gen:types', 'npm audit', 'make smoke'];

export const DIRS = ['src/server', 'src/client', 'src/shared', 'lib/core', 'lib/util', 'app/api', 'app/ui', 'packages/common'];
export const FN_VERBS = ['get', 'load', 'build', 'parse', 'sync', 'flush', 'resolve'];
export const FN_NOUNS = ['Row', 'Item', 'State', 'Config', 'Batch', 'Token'];
export const FILE_ROLES = ['Service', 'Store', 'Client', 'Handler', 'View'];
export const VERBS = ['refactored', 'profiled', 'reviewed', 'debugged', 'documented', 'tested', 'cleaned up', 'benchmarked'];
export const NOISE_LIBS = CATEGORIES.flatMap((c) => c.libs);

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
