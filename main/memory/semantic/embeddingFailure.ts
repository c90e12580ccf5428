/** A failed request to the embedding model, in words (never the key), and whether the endpoint answered at all. */
export class EmbeddingFailure extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
    this.name = 'EmbeddingFailure';
  }
}
