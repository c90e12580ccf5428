import { PROVIDERS, type ProviderKind, type ProviderPreset } from '../../contract/settings';

/**
 * What Engram knows of each provider: its label, the endpoint used when Base URL is empty,
 * whether it needs a key and which variable holds one. MiMo, Ollama and LM Studio speak the
 * OpenAI chat-completions format at these endpoints.
 *
 * `recommendedModel` is what a person connecting the provider for the first time is offered:
 * the provider's current general model in the catalog snapshot, its mid tier where it has tiers
 * (Sonnet rather than Opus or Haiku). The catalog lists models by name with no dates or tiers,
 * so the choice is made here, by hand; a test holds every one to the catalog, so a snapshot
 * refresh that drops one fails rather than offering a model the catalog does not know.
 */
const PRESETS: Record<ProviderKind, Omit<ProviderPreset, 'id'>> = {
  anthropic: { label: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com/v1', keyRequired: true, local: false, keyEnv: 'ANTHROPIC_API_KEY', recommendedModel: 'claude-sonnet-4-20250514' },
  openai: { label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', keyRequired: true, local: false, keyEnv: 'OPENAI_API_KEY', recommendedModel: 'gpt-5' },
  openrouter: {
    label: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    keyRequired: true,
    local: false,
    keyEnv: 'OPENROUTER_API_KEY',
    recommendedModel: 'anthropic/claude-sonnet-4',
  },
  google: {
    label: 'Google Gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    keyRequired: true,
    local: false,
    keyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
    recommendedModel: 'gemini-2.5-pro',
  },
  deepseek: { label: 'DeepSeek', defaultBaseUrl: 'https://api.deepseek.com/v1', keyRequired: true, local: false, keyEnv: 'DEEPSEEK_API_KEY', recommendedModel: 'deepseek-chat' },
  // Xiaomi's own examples: https://platform.xiaomimimo.com/static/docs/api/chat/openai-api.md (pay-as-you-go keys;
  // a Token Plan key has its own host, given in Xiaomi's console).
  mimo: { label: 'Xiaomi MiMo', defaultBaseUrl: 'https://api.xiaomimimo.com/v1', keyRequired: true, local: false, keyEnv: 'MIMO_API_KEY', recommendedModel: 'mimo-v2-pro' },
  // Local servers and any endpoint: the models are whatever the person has installed or serves.
  ollama: { label: 'Ollama', defaultBaseUrl: 'http://127.0.0.1:11434/v1', keyRequired: false, local: true, keyEnv: null, recommendedModel: null },
  lmstudio: { label: 'LM Studio', defaultBaseUrl: 'http://127.0.0.1:1234/v1', keyRequired: false, local: true, keyEnv: null, recommendedModel: null },
  'openai-compatible': {
    label: 'Any OpenAI-compatible endpoint',
    defaultBaseUrl: null,
    keyRequired: false,
    local: false,
    keyEnv: 'OPENAI_API_KEY',
    recommendedModel: null,
  },
};

export function providerPreset(id: ProviderKind): ProviderPreset {
  return { id, ...PRESETS[id] };
}

/** Every preset, in the contract's order (the Settings view's Provider list). */
export function providerPresets(): ProviderPreset[] {
  return PROVIDERS.map(providerPreset);
}
