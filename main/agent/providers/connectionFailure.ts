import { APICallError } from 'ai';

/**
 * A failed request to a model server, explained: a sentence that says what was tried and what
 * to do (start Ollama, check the key, fix the Base URL), and the raw detail (system error code,
 * HTTP status, the server's own words) kept beside it for whoever needs it. One mapping for
 * Settings' Test connection, the agent's runs and the embedding model, so a refused connection
 * reads the same wherever it happens.
 */

export type FailureKind =
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'no-route'
  | 'reset'
  | 'key'
  | 'not-found'
  | 'model-not-found'
  | 'rate-limited'
  | 'overloaded'
  | 'server'
  | 'rejected'
  | 'broken-stream'
  | 'other';

export interface ExplainedFailure {
  kind: FailureKind;
  /** What happened and what to do, in a sentence or two; never the raw error alone. */
  message: string;
  /** The low-level reason (ECONNREFUSED 127.0.0.1:11434, HTTP 401 from …: the server's words). */
  detail: string;
}

export interface FailureContext {
  /** The provider being reached: some failures have a fix of their own (`ollama serve`). */
  provider?: string | null;
  model?: string | null;
  /** The endpoint as the person gave it (…/v1); named instead of the exact request URL. */
  baseUrl?: string | null;
  /** The time allowed, when the request was cut off by a timeout. */
  timeoutMs?: number | null;
}

/** Node and undici codes for a TLS handshake that failed, and OpenSSL's words for the same. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_OSSL_)/;
const TLS_WORDS = /ssl|tls|certificate|wrong version number|handshake/i;

export function explainConnectionFailure(err: unknown, context: FailureContext = {}): ExplainedFailure {
  const chain = causeChain(err);
  const api = chain.find((e) => APICallError.isInstance(e)) as APICallError | undefined;
  const url = api?.url ?? context.baseUrl ?? null;
  const where = placeOf(url, context.baseUrl);
  const status = api?.statusCode ?? 0;
  const raw = rawReason(chain, api);
  const detail = (status ? `HTTP ${status} from ${api!.url}: ${raw}` : api?.url ? `${api.url}: ${raw}` : raw).slice(0, 600);
  const explained = (kind: FailureKind, message: string): ExplainedFailure => ({ kind, message, detail });

  if (status) return explainStatus(status, api!, where, context, explained);

  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  const code = codes.find((c) => /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(c) || TLS_CODE.test(c)) ?? '';
  const names = chain.map((e) => (e as { name?: unknown }).name);
  const host = hostOf(url);

  if (names.includes('TimeoutError') || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    const within = context.timeoutMs ? ` within ${formatSeconds(context.timeoutMs)}` : '';
    const loading = isOllama(context, url) ? ' Ollama may still be loading the model into memory: try again in a moment.' : ' The server may be busy, or a proxy or firewall is holding the connection.';
    return explained('timeout', `No answer from ${where}${within}.${loading}`);
  }
  if (code === 'ECONNREFUSED') return explained('refused', `Nothing answered at ${where}. ${startHint(context, url)}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return explained('dns', `The host name ${host ?? where} could not be found. Check the Base URL for a typo, and that this machine is online.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return explained('no-route', `${host ?? where} cannot be reached from this machine. Check the network, VPN or proxy.`);
  }
  const tls = TLS_CODE.test(code) || (code === 'EPROTO' && TLS_WORDS.test(raw)) || (!code && TLS_WORDS.test(raw) && /^https:/.test(url ?? ''));
  if (tls) return explained('tls', `A secure connection to ${host ?? where} could not be made: ${tlsAdvice(raw, code)}`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || /other side closed|socket hang up/i.test(raw)) {
    return explained('reset', `The server at ${where} closed the connection without answering. Check that the Base URL points at a model server, with http or https as it expects.`);
  }
  return explained('other', firstLine(raw));
}

/** `message`, then the detail, for a place that shows one line (the agent's conversation). */
export function connectionFailureText(err: unknown, context: FailureContext = {}): string {
  const { kind, message, detail } = explainConnectionFailure(err, context);
  return kind === 'other' || detail === message ? message : `${message} (${detail})`;
}

function explainStatus(
  status: number,
  api: APICallError,
  where: string,
  context: FailureContext,
  explained: (kind: FailureKind, message: string) => ExplainedFailure,
): ExplainedFailure {
  const origin = originOf(api.url) ?? where;
  const said = firstLine(api.message);
  if (status >= 200 && status < 300) return explained('broken-stream', `The connection to the provider broke in the middle of the answer (${origin}). Try again.`);
  if (status === 401 || status === 403 || (status === 400 && Boolean(api.responseBody?.includes('API_KEY_INVALID')))) {
    return explained('key', `The server at ${origin} answered ${status}: it refused the API key. Check the key in Settings (a key of this provider, not another's).`);
  }
  if (status === 404) {
    if (/model/i.test(`${said} ${api.responseBody ?? ''}`)) {
      const model = context.model ? ` "${context.model}"` : '';
      const pull = isOllama(context, api.url) && context.model ? ` Download it with \`ollama pull ${context.model}\`.` : '';
      return explained('model-not-found', `The server at ${origin} does not have the model${model}. Check the model id.${pull}`);
    }
    // A Base URL that already ends in a version (…/v1) reached a server that has no such API at all.
    const versioned = /\/v\d+(beta)?$/.test(pathOf(context.baseUrl ?? api.url).replace(/\/+$/, '')) || /\/v\d+(beta)?\//.test(pathOf(api.url));
    const hint = versioned ? 'check that the Base URL is the address of its model API' : 'check the Base URL (it usually ends in /v1)';
    return explained('not-found', `The server at ${origin} answered 404 for ${pathOf(api.url)}: ${hint}.`);
  }
  if (status === 429) return explained('rate-limited', `Rate limited by the provider at ${origin} (429): wait a moment, or check your plan's limits.`);
  if (status === 529 || status === 503) return explained('overloaded', `The provider at ${origin} is overloaded (${status}): try again shortly.`);
  if (status >= 500) return explained('server', `The server at ${origin} answered ${status}, an error on its side: try again, and if it keeps failing check the server or the provider's status page.`);
  return explained('rejected', `The server at ${origin} refused the request (${status}): ${said}`);
}

/** Down `cause`, and a RetryError's `lastError` ("Failed after 2 attempts…"). */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 8 && !chain.includes(e); e = (e as { cause?: unknown }).cause ?? (e as { lastError?: unknown }).lastError) chain.push(e);
  return chain;
}

/** The provider's own words for an HTTP answer; else the deepest error's message (the system's reason). */
function rawReason(chain: unknown[], api: APICallError | undefined): string {
  if (api?.statusCode) return firstLine(api.message);
  const errors = chain.filter((e): e is Error => e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e));
  const deepest = errors.at(-1);
  const text = deepest ? String(deepest.message) : String(chain[0] ?? 'unknown error');
  return firstLine(text.replace(/^Cannot connect to API: /, ''));
}

function startHint(context: FailureContext, url: string | null): string {
  if (isOllama(context, url)) return 'Is Ollama running? Start it with `ollama serve`.';
  if (context.provider === 'lmstudio' || portOf(url) === '1234') return "Is LM Studio's server running? Start it in LM Studio's Developer tab, or with `lms server start`.";
  if (isLoopback(url)) return 'Is the model server running, and on this port?';
  return 'Check the Base URL, and that the server is up.';
}

function tlsAdvice(raw: string, code: string): string {
  if (/wrong version number|packet length too long|EPROTO/i.test(`${raw} ${code}`)) return 'the server does not speak HTTPS on this port. If it is a plain HTTP server, start the Base URL with http://.';
  if (/expired/i.test(`${raw} ${code}`)) return 'its certificate has expired.';
  if (/self.signed|unable to (get|verify)|SELF_SIGNED|UNABLE_TO/i.test(`${raw} ${code}`)) {
    return 'its certificate is not one this machine trusts. A self-signed or company certificate needs NODE_EXTRA_CA_CERTS pointing at it.';
  }
  if (/altname|hostname/i.test(`${raw} ${code}`)) return 'its certificate is for another host name.';
  return 'the TLS handshake failed.';
}

function isOllama(context: FailureContext, url: string | null): boolean {
  return context.provider === 'ollama' || (!context.provider && portOf(url) === '11434');
}

/** The Base URL the person gave when there is one, else the address of the request. */
function placeOf(url: string | null, baseUrl: string | null | undefined): string {
  if (baseUrl) return baseUrl.replace(/\/+$/, '');
  return originOf(url) ?? "the provider's endpoint";
}

function parse(url: string | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function originOf(url: string | null): string | null {
  return parse(url)?.origin ?? null;
}

function hostOf(url: string | null): string | null {
  return parse(url)?.hostname ?? null;
}

function pathOf(url: string): string {
  return parse(url)?.pathname ?? url;
}

function portOf(url: string | null): string | null {
  return parse(url)?.port || null;
}

function isLoopback(url: string | null): boolean {
  const host = hostOf(url);
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host ?? '');
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
