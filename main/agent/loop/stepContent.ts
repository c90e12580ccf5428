import type { AssistantModelMessage, ProviderMetadata } from 'ai';

type AssistantPart = Exclude<AssistantModelMessage['content'], string>[number];
/** The AI SDK's reasoning and text parts of an assistant message (the package does not export their names). */
export type ReasoningPart = Extract<AssistantPart, { type: 'reasoning' }>;
export type TextPart = Extract<AssistantPart, { type: 'text' }>;
export type StepPart = ReasoningPart | TextPart;

/**
 * A step's reasoning and text as the assistant message keeps them: one part per block of the
 * stream, in stream order, with the provider's metadata as its options, the way the AI SDK's
 * own response messages carry them. Stored with the message and sent back on later requests,
 * where each provider's client decides what its API wants: the OpenAI-compatible client sends
 * reasoning as `reasoning_content` (which MiMo requires on assistant messages with tool calls),
 * DeepSeek's drops it before the latest user message, Anthropic's needs the thinking's
 * signature, OpenAI's Responses client refers to the reasoning and message items by their ids.
 */
export class StepContent {
  private readonly blocks = new Map<string, { type: StepPart['type']; text: string; providerMetadata?: ProviderMetadata }>();

  /** A block starts, ends or carries metadata only (e.g. a thinking signature at its end). */
  touch(type: StepPart['type'], id: string, providerMetadata?: ProviderMetadata): void {
    const block = this.blocks.get(`${type}:${id}`);
    if (block) block.providerMetadata = providerMetadata ?? block.providerMetadata;
    else this.blocks.set(`${type}:${id}`, { type, text: '', providerMetadata });
  }

  delta(type: StepPart['type'], id: string, text: string, providerMetadata?: ProviderMetadata): void {
    this.touch(type, id, providerMetadata);
    this.blocks.get(`${type}:${id}`)!.text += text;
  }

  /**
   * The parts in stream order. An empty text block is dropped; an empty reasoning block is kept
   * for its metadata (redacted or encrypted thinking), never without any.
   */
  parts(): StepPart[] {
    const out: StepPart[] = [];
    for (const b of this.blocks.values()) {
      if (!b.text && (b.type === 'text' || !b.providerMetadata)) continue;
      out.push({ type: b.type, text: b.text, ...(b.providerMetadata ? { providerOptions: b.providerMetadata } : {}) });
    }
    return out;
  }
}
