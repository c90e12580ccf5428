/**
 * A failed request to the embedding model, in words (never the key), and whether the endpoint
 * answered at all; `detail` keeps the raw reason (ECONNREFUSED…, HTTP 401 and the server's words).
 */
export class EmbeddingFailure extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'EmbeddingFailure';
  }
}
