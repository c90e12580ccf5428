import { APICallError } from 'ai';

/**
 * A failed model request in words a person can act on: the address that could not be reached
 * and the system's reason (ECONNREFUSED, ENOTFOUND…), or the HTTP status and the provider's
 * message, found down the error's `cause` chain. The SDK's own wrapper ("No output generated.
 * Check the stream for errors.") says nothing of that.
 */
export function describeModelFailure(err: unknown): string {
  const chain: unknown[] = [];
  // Down `cause`, and a RetryError's `lastError` ("Failed after 2 attempts…").
  for (let e: unknown = err; e && chain.length < 8; e = (e as { cause?: unknown }).cause ?? (e as { lastError?: unknown }).lastError) chain.push(e);
  const api = chain.find((e) => APICallError.isInstance(e)) as APICallError | undefined;
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
  const where = api?.url ? ` ${api.url}` : '';
  if (code) return `cannot reach the model at${where || ' its address'} (${code})`;
  if (api?.statusCode) return `HTTP ${api.statusCode} from${where}: ${firstLine(api.message)}`;
  const deepest = chain.filter((e): e is Error => e instanceof Error).at(-1);
  return firstLine(deepest?.message ?? String(err));
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
