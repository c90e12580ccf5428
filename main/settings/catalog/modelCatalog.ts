import type { CatalogModel, ProviderKind } from '../../../contract/settings';
import snapshot from './modelCatalog.snapshot.json';

/**
 * The bundled model catalog: context windows, output limits and prices, from a dated snapshot
 * made by scripts/snapshot-model-catalog.mjs. Never the network at run time, so a model's
 * limits do not change under a running session and Engram works offline.
 */

type Price = [number, number, number | null, number | null];
interface Entry {
  name: string;
  context: number;
  output: number | null;
  price: Price | null;
}
const providers = snapshot.providers as unknown as Record<string, Record<string, Entry>>;

export const CATALOG_INFO = {
  source: snapshot.source,
  date: snapshot.date,
  models: Object.values(providers).reduce((n, models) => n + Object.keys(models).length, 0),
};

/** Where a provider's models are looked up first; any provider falls back to every list. */
const CATALOG_OF: Partial<Record<ProviderKind, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
  deepseek: 'deepseek',
  openrouter: 'openrouter',
  mimo: 'mimo',
  lmstudio: 'lmstudio',
};

function toModel(id: string, e: Entry): CatalogModel {
  return {
    id,
    name: e.name,
    contextWindow: e.context,
    outputLimit: e.output,
    price: e.price ? { input: e.price[0], output: e.price[1], cacheRead: e.price[2], cacheWrite: e.price[3] } : null,
  };
}

/** The catalog's models for a provider, newest names first is not known: sorted by name. */
export function catalogModels(provider: ProviderKind): CatalogModel[] {
  const list = CATALOG_OF[provider];
  if (!list) return [];
  return Object.entries(providers[list] ?? {})
    .map(([id, e]) => toModel(id, e))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A model's entry: in its provider's list, else under the same id (or the part after a
 * `vendor/` prefix) in any list, so `anthropic/claude-sonnet-4` through OpenRouter or a
 * proxied `gpt-4o` still finds its limits. Null for a model the catalog does not know.
 */
export function lookupModel(provider: ProviderKind | null, model: string): CatalogModel | null {
  const own = provider ? CATALOG_OF[provider] : undefined;
  if (own && providers[own]?.[model]) return toModel(model, providers[own][model]);
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  for (const list of Object.values(providers)) {
    if (list[model]) return toModel(model, list[model]);
  }
  for (const list of Object.values(providers)) {
    if (list[bare]) return toModel(model, list[bare]);
  }
  return null;
}
