import { useState } from 'react';

/**
 * What the model thought before answering: folded under "Thinking", apart from the answer.
 * Open while it streams (so a long think is seen to progress), a click folds or unfolds it.
 */
export function ReasoningItem({ text, live }: { text: string; live: boolean }) {
  const [open, setOpen] = useState<boolean | null>(null);
  const shown = open ?? live;
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return (
    <details
      className="msg msg-reasoning"
      open={shown}
      // A toggle event also follows every change React makes (asynchronously): only one that
      // leaves the element other than rendered is the person's click, kept over `live`.
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now !== shown) setOpen(now);
      }}
    >
      <summary className="msg-who">
        {live ? 'Thinking…' : 'Thinking'} <span className="agent-muted">({words} {words === 1 ? 'word' : 'words'})</span>
      </summary>
      <div className="msg-text">{text}</div>
    </details>
  );
}
