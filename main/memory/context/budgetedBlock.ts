import { tokenCount } from './tokens';

export interface ContextItem {
  id: string;
  kind: string;
  source: string;
  tokens: number;
  /** `full`, `truncated` (cut to fit its cap), or `index` (one line: id and first words). */
  form: 'full' | 'truncated' | 'index';
}

interface Part {
  text: string;
  tokens: number;
  item?: ContextItem;
}

/**
 * The context block under construction. Every addition is charged in tokens against the
 * whole budget and against its section's cap; a section heading is written only with the
 * section's first item, and charged with it.
 */
export class BudgetedBlock {
  private readonly parts: Part[] = [];
  private used = 0;

  constructor(readonly budget: number) {}

  get remaining(): number {
    return this.budget - this.used;
  }

  section(title: string, cap: number): BlockSection {
    return new BlockSection(this, `## ${title}\n`, cap);
  }

  /** Adds parts only if all of them fit `limit` (and the budget). */
  tryAdd(parts: { text: string; item?: ContextItem; tokens?: number }[], limit: number): number | null {
    const costed = parts.map((p) => ({ ...p, tokens: p.tokens ?? tokenCount(p.text) }));
    const cost = costed.reduce((n, p) => n + p.tokens, 0);
    if (cost > Math.min(limit, this.remaining)) return null;
    for (const p of costed) {
      if (p.item) p.item.tokens = p.tokens;
      this.parts.push(p);
    }
    this.used += cost;
    return cost;
  }

  /**
   * The final text and its items. Tokens of a concatenation can differ slightly from the sum
   * of its parts, so the whole is counted again and trailing parts dropped until it fits.
   */
  finish(): { text: string; tokens: number; items: ContextItem[] } {
    const parts = [...this.parts];
    for (;;) {
      const text = parts.map((p) => p.text).join('').trimEnd();
      const tokens = tokenCount(text);
      if (tokens <= this.budget || !parts.length) {
        return { text, tokens, items: parts.flatMap((p) => (p.item ? [p.item] : [])) };
      }
      parts.pop();
    }
  }
}

export class BlockSection {
  private used = 0;
  private headed = false;
  private headingCost = -1;

  constructor(
    private readonly block: BudgetedBlock,
    private readonly heading: string,
    readonly cap: number,
  ) {}

  /** Room left for one more item, heading included if not yet written. */
  get room(): number {
    if (this.headingCost < 0) this.headingCost = tokenCount(this.heading);
    const headingCost = this.headed ? 0 : this.headingCost;
    return Math.max(0, Math.min(this.cap - this.used, this.block.remaining) - headingCost);
  }

  /** `tokens`: the text's count when known (from the stored count), else it is counted. */
  add(text: string, item?: ContextItem, tokens?: number): boolean {
    const parts = this.headed ? [{ text, item, tokens }] : [{ text: this.heading }, { text, item, tokens }];
    const cost = this.block.tryAdd(parts, this.cap - this.used);
    if (cost === null) return false;
    this.used += cost;
    this.headed = true;
    return true;
  }
}
