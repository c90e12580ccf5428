import type { AssistantModelMessage, ProviderMetadata } from 'ai';

/** The AI SDK's reasoning part of an assistant message (the package does not export its name). */
export type ReasoningPart = Extract<Exclude<AssistantModelMessage['content'], string>[number], { type: 'reasoning' }>;

/**
 * A step's reasoning as the assistant message keeps it: one part per reasoning block of the
 * stream, with the provider's metadata as its options, the way the AI SDK's own response
 * messages carry it. Stored with the message and sent back on later requests, where each
 * provider's client decides what its API wants: the OpenAI-compatible client sends it as
 * `reasoning_content` (which MiMo requires on assistant messages with tool calls), DeepSeek's
 * drops it before the latest user message, Anthropic's needs the signature in the metadata.
 */
export class ReasoningParts {
  private readonly blocks = new Map<string, { text: string; providerMetadata?: ProviderMetadata }>();

  start(id: string, providerMetadata?: ProviderMetadata): void {
    const block = this.blocks.get(id);
    if (block) block.providerMetadata = providerMetadata ?? block.providerMetadata;
    else this.blocks.set(id, { text: '', providerMetadata });
  }

  delta(id: string, text: string, providerMetadata?: ProviderMetadata): void {
    this.start(id, providerMetadata);
    this.blocks.get(id)!.text += text;
  }

  /** Parts in stream order; a block without text is kept only for its metadata (redacted thinking). */
  parts(): ReasoningPart[] {
    const out: ReasoningPart[] = [];
    for (const b of this.blocks.values()) {
      if (!b.text && !b.providerMetadata) continue;
      out.push({ type: 'reasoning', text: b.text, ...(b.providerMetadata ? { providerOptions: b.providerMetadata } : {}) });
    }
    return out;
  }
}
