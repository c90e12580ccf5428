/**
 * Memory files are parsed as "byte strings": one JS char per file byte (latin1). Every
 * structural character of the format (`-`, `#`, spaces, newlines, `<!--`) is ASCII, and UTF-8
 * never uses ASCII bytes inside a multi-byte character, so structure found this way is exact,
 * offsets are byte offsets, and a file with invalid UTF-8 still round-trips byte for byte.
 * Only the text shown to people is decoded as UTF-8.
 */
export function bytesToByteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function byteStringToBytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** Decodes part of a byte string as UTF-8 (invalid bytes become U+FFFD). */
export function decodeUtf8(byteString: string): string {
  return Buffer.from(byteString, 'latin1').toString('utf8');
}

const ASCII = /^[\x00-\x7f]*$/;

/** Encodes text as UTF-8 and returns it as a byte string, ready to splice into a file. */
export function encodeUtf8(text: string): string {
  // ASCII is its own byte string: no buffer made and read back (an import encodes every entry).
  if (ASCII.test(text)) return text;
  return Buffer.from(text, 'utf8').toString('latin1');
}
