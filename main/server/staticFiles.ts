import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * Serves files of the built renderer and nothing else: the resolved path must stay inside
 * `root` after symlinks are followed. Unknown paths fall back to index.html (one-page app).
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  const realRoot = fs.realpathSync(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return send(res, 400, 'Bad path');
  }
  if (decoded.includes('\0')) return send(res, 400, 'Bad path');
  let file = path.join(realRoot, path.normalize(decoded));
  if (!isInside(realRoot, file)) return send(res, 403, 'Forbidden');
  try {
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(realRoot, 'index.html');
    const real = fs.realpathSync(file);
    if (!isInside(realRoot, real)) return send(res, 403, 'Forbidden');
    const body = fs.readFileSync(real);
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(real)] ?? 'application/octet-stream',
      'Cache-Control': real.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  } catch {
    send(res, 404, 'Not found');
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}
