/** A message with every occurrence of a secret (and of its longer fragments) blanked out. */
export function redactSecret(message: string, secret: string | null | undefined): string {
  if (!secret || secret.length < 4) return message;
  let out = message.split(secret).join('[key hidden]');
  // A server may echo part of a key ("sk-ab…wxyz"): blank any 8+ character run of it too.
  if (secret.length >= 12) {
    for (let i = 0; i + 8 <= secret.length; i += 4) out = out.split(secret.slice(i, i + 8)).join('[key hidden]');
  }
  return out;
}
