/** Bad usage: exit 2, with the usage text on stderr. */
export class UsageError extends Error {
  constructor(
    message: string,
    public readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
