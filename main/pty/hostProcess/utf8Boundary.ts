/**
 * Where a byte buffer can be cut without splitting a UTF-8 character. A PTY read can end in
 * the middle of a multi-byte character; sending such a half to xterm would show U+FFFD.
 */

/** Bytes a character occupies, from its lead byte; 0 for a continuation byte; 1 for invalid leads. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc0) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  return 1;
}

/**
 * Length of the longest prefix of `bytes` that ends on a character boundary. Only the last
 * three bytes can belong to an unfinished character; invalid input is passed through whole
 * (xterm shows it as replacement characters, as any terminal would).
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const n = sequenceLength(bytes[i]);
    if (n === 0) continue;
    return i + n > end ? i : end;
  }
  return end;
}

/** Index of the first byte at or after `from` that starts a character (skips continuation bytes). */
export function nextCharStart(bytes: Uint8Array, from: number): number {
  let i = from;
  const limit = Math.min(bytes.length, from + 3);
  while (i < limit && (bytes[i] & 0xc0) === 0x80) i++;
  return i;
}
