import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';

/**
 * Finds secrets in text before it is written into memory, and replaces each with
 * `[redacted: <kind>]`. The rules are secretlint's recommended preset (maintained, covering
 * private keys, AWS/GCP/GitHub/npm/Slack/SendGrid/Shopify/OpenAI/Anthropic/Linear/1Password
 * credentials, basic auth and database connection strings); we do not keep our own regexes.
 *
 * secretlint's own runner is asynchronous, but every memory writer is synchronous (it runs
 * inside a database transaction), so this module hosts the rules itself through secretlint's
 * published rule API (`create(context, options).file(source)` reporting ranges). The preset's
 * rules are synchronous for text without a file path.
 */
export interface SecretFinding {
  /** A short human name of what was found, e.g. `AWS access key`. */
  kind: string;
  /** The secretlint rule and message that reported it. */
  rule: string;
}

export interface ScanResult {
  text: string;
  findings: SecretFinding[];
}

interface Report {
  range: [number, number];
  message: { messageId: string };
}

interface RuleCreator {
  meta: { id: string; supportedContentTypes: string[] };
  messages: Record<string, unknown>;
  create(context: unknown, options: unknown): { file?: (source: unknown) => unknown };
}

/** Names by secretlint message id; a message id not listed is named after its rule. */
const KIND_BY_MESSAGE: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key',
  AWSSecretAccessKey: 'AWS secret key',
  AWSAccountID: 'AWS account id',
  PrivateKeyP12: 'GCP service account key',
  PrivateKeyJSON: 'GCP service account key',
  PrivateKey: 'private key',
  PackageJSON_xOauthToken: 'npm token',
  Npmrc_authToken: 'npm token',
  NPM_ACCESS_TOKEN: 'npm token',
  BasicAuth: 'password in URL',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack webhook',
  SENDGRID_KEY: 'SendGrid key',
  SHOPIFY_KEY: 'Shopify key',
  GITHUB_TOKEN: 'GitHub token',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_API_KEY: 'Anthropic API key',
  LINEAR_API_TOKEN: 'Linear API key',
  OPS_TOKEN: '1Password token',
  MongoDBConnection: 'database password',
  MySQLConnection: 'database password',
  PostgreSQLConnection: 'database password',
};

/** Per-rule options: key ids are secrets too once they sit in a shared file. */
const RULE_OPTIONS: Record<string, unknown> = {
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);

/** The preset version the prerequisites below were read from (a test fails on another). */
export const PRESET_VERSION = '11.7.1';

/**
 * What each rule needs a text to hold before it can report on it, because every pattern of the
 * rule requires one of these strings (read from the rules' source, case as the patterns' flags
 * allow; a superset is fine, a miss is not): a rule is not run on other texts, and a text that
 * holds none of them is not scanned at all. Most memory entries hold none, and an import scans
 * every entry; running all rules on each was most of an import's time after SQLite itself.
 * Every rule the preset has must be listed here or skipped (a test fails otherwise).
 */
export const RULE_PREREQUISITES: Record<string, RegExp> = {
  // Access key ids start with one of these prefixes; the secret key and account id patterns
  // need the word (SECRET|secret|Secret, ACCOUNT|account|Account), case-sensitively.
  '@secretlint/secretlint-rule-aws': /A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|SECRET|secret|Secret|ACCOUNT|account|Account/,
  // Only service-account files (.p12 by its bytes, .json holding "private_key"); ours are .md.
  '@secretlint/secretlint-rule-gcp': /private_key/,
  // -----BEGIN [RSA |DSA |EC |OPENSSH |PGP ]PRIVATE KEY[ BLOCK]-----
  '@secretlint/secretlint-rule-privatekey': /PRIVATE KEY/,
  // https://…:x-oauth-basic@github.com/ (package files), _authToken= (.npmrc), npm_ tokens.
  '@secretlint/secretlint-rule-npm': /x-oauth-basic@github\.com|_authToken=|npm_/,
  // (https?|ftps?)://user:password@host: no white space between :// and @.
  '@secretlint/secretlint-rule-basicauth': /:\/\/\S+@/,
  // xoxb- xoxp- xapp- xoxa- xoxo- xoxr- tokens; hooks.slack.com webhooks (any case).
  '@secretlint/secretlint-rule-slack': /xox[bpaor]-|xapp-|hooks\.slack\.com/i,
  '@secretlint/secretlint-rule-sendgrid': /SG\./,
  '@secretlint/secretlint-rule-shopify': /shp(?:pa|ca|at|ss)_/,
  '@secretlint/secretlint-rule-github': /gh[pousr]_|github_pat_/,
  // Both key shapes hold the base64 of "OpenAI" (T3BlbkFJ) in the middle.
  '@secretlint/secretlint-rule-openai': /T3BlbkFJ/,
  '@secretlint/secretlint-rule-anthropic': /sk-ant-api0/,
  '@secretlint/secretlint-rule-linear': /lin_api_/,
  '@secretlint/secretlint-rule-1password': /ops_ey/,
  // mongodb://, mongodb+srv://, (jdbc:)mysql(x)://, postgres(ql):// in any case.
  '@secretlint/secretlint-rule-database-connection-string': /(?:mongodb|mysql|postgres)\S*:\/\//i,
};

/**
 * What every prerequisite above holds at least one of: `_`, `:` or `-` (most of them), or a word
 * (aws's prefixes and words, SG., PRIVATE KEY, T3BlbkFJ, hooks in any case). A text without any
 * is clean without running a rule. Written out rather than joined from the list: one pattern of
 * fourteen alternations took three times as long, and this is tested to match whatever one of
 * them matches.
 */
export const ANY_PREREQUISITE = /[_:-]|[Ss]ecret|SECRET|[Aa]ccount|ACCOUNT|A(?:3T|KIA|GPA|IDA|ROA|IPA|NPA|NVA|SIA)|SG\.|PRIVATE KEY|T3BlbkFJ|[Hh][Oo][Oo][Kk][Ss]/;

export function scanSecrets(text: string): ScanResult {
  if (!text || !ANY_PREREQUISITE.test(text)) return { text, findings: [] };
  const reports = findReports(text);
  if (!reports.length) return { text, findings: [] };
  // Outermost first; a range inside one already replaced is dropped.
  reports.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof reports = [];
  for (const r of reports) {
    const last = kept[kept.length - 1];
    if (last && r.start < last.end) continue;
    kept.push(r);
  }
  let out = '';
  let at = 0;
  for (const r of kept) {
    out += text.slice(at, r.start) + `[redacted: ${r.kind}]`;
    at = r.end;
  }
  out += text.slice(at);
  return { text: out, findings: kept.map((r) => ({ kind: r.kind, rule: r.rule })) };
}

/** One line for people: "redacted 2 secrets (AWS access key, Anthropic API key)". */
export function describeRedactions(findings: Pick<SecretFinding, 'kind'>[]): string {
  if (!findings.length) return '';
  const kinds = [...new Set(findings.map((f) => f.kind))].join(', ');
  return `redacted ${findings.length} secret${findings.length === 1 ? '' : 's'} (${kinds})`;
}

type Found = { start: number; end: number; kind: string; rule: string };

/** Where the rules' reports go during one scan (scans are synchronous: one at a time). */
let collecting: Found[] = [];
let handlers: { file: (source: unknown) => unknown; needs?: RegExp }[] | null = null;

/**
 * Each rule's handler, created once: a rule's `create` only normalizes its options and makes its
 * translator, and its `file(source)` keeps nothing between calls, so one handler serves every
 * text. Creating ~16 handlers per text was most of the scan's cost (an import scans every entry).
 */
function ruleHandlers(): { file: (source: unknown) => unknown; needs?: RegExp }[] {
  if (handlers) return handlers;
  handlers = [];
  for (const rule of recommendedRules as unknown as RuleCreator[]) {
    const id = rule.meta.id;
    if (SKIPPED_RULES.has(id)) continue;
    if (!rule.meta.supportedContentTypes.some((t) => t === 'text' || t === 'all')) continue;
    const context = {
      sharedOptions: {},
      createTranslator: () => (messageId: string, data: unknown) => ({ message: messageId, messageId, data }),
      report: (d: Report) => {
        const messageId = d.message.messageId;
        collecting.push({ start: d.range[0], end: d.range[1], kind: kindOf(id, messageId), rule: `${shortRule(id)}/${messageId}` });
      },
      ignore: () => {},
    };
    const handler = rule.create(context, RULE_OPTIONS[id] ?? {});
    if (handler.file) handlers.push({ file: handler.file.bind(handler), needs: RULE_PREREQUISITES[id] });
  }
  return handlers;
}

function findReports(text: string): Found[] {
  const found: Found[] = [];
  const source = {
    content: text,
    contentType: 'text',
    ext: '.md',
    filePath: undefined,
    // Used by rules only to skip ignored regions; a plain offset mapping is enough here.
    indexToPosition: (index: number) => positionOf(text, index),
    locationToRange: () => [0, 0],
  };
  const all = ruleHandlers();
  collecting = found;
  try {
    for (const { file, needs } of all) {
      if (needs && !needs.test(text)) continue;
      const result = file(source);
      // The only asynchronous check (PKCS#12 files) needs a file path and returns at once here.
      if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(() => {});
    }
  } finally {
    collecting = [];
  }
  return found.filter((f) => f.end > f.start).map((f) => narrowToPassword(text, f));
}

/**
 * A connection string or URL with credentials is reported whole; only its password is the
 * secret, and host, port and database are worth remembering (`postgres://ci:[redacted: …]@db/app`).
 */
function narrowToPassword<T extends { start: number; end: number }>(text: string, f: T): T {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)([^@\s]+)@/i.exec(text.slice(f.start, f.end));
  return m ? { ...f, start: f.start + m[1].length, end: f.start + m[1].length + m[2].length } : f;
}

function kindOf(ruleId: string, messageId: string): string {
  return KIND_BY_MESSAGE[messageId] ?? `${shortRule(ruleId).replace(/-/g, ' ')} secret`;
}

function shortRule(ruleId: string): string {
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
}

function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - (before.lastIndexOf('\n') + 1) };
}
