import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dirs` whose bytes contain `secret` as plain text (what a leak looks like). */
export function filesContaining(secret: string, ...dirs: string[]): string[] {
  const hits: string[] = [];
  const needle = Buffer.from(secret);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return hits;
}
