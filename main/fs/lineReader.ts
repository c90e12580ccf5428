import fs from 'node:fs';

export type ReadLine = { number: number; text: string } | { number: number; tooLong: true };

/**
 * The lines of a file, read in chunks: memory stays bounded by `maxLineBytes`, whatever the
 * file's size (a whole-file read fails past V8's string limit and holds it all meanwhile).
 * A line over the limit is reported as `tooLong` and its bytes are skipped, never held.
 */
export async function* readLines(file: string, maxLineBytes: number): AsyncGenerator<ReadLine> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let parts: Buffer[] = [];
  let held = 0;
  let skipping = false;
  let number = 0;
  for await (const data of stream as AsyncIterable<Buffer>) {
    let chunk = data;
    for (;;) {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        if (!skipping) {
          parts.push(chunk);
          held += chunk.length;
          if (held > maxLineBytes) {
            parts = [];
            held = 0;
            skipping = true;
          }
        }
        break;
      }
      number++;
      const head = chunk.subarray(0, nl);
      chunk = chunk.subarray(nl + 1);
      if (skipping || held + head.length > maxLineBytes) yield { number, tooLong: true };
      else yield { number, text: Buffer.concat([...parts, head]).toString('utf8').replace(/\r$/, '') };
      parts = [];
      held = 0;
      skipping = false;
    }
  }
  if (skipping) yield { number: number + 1, tooLong: true };
  else if (held) yield { number: number + 1, text: Buffer.concat(parts).toString('utf8').replace(/\r$/, '') };
}
