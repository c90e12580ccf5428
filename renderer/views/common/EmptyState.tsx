import type { ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  /** Shown under the text: what to do next, or when the view arrives. */
  hint?: ReactNode;
  icon?: string;
}

/** What an empty view says: what will be here, and what to do next. */
export function EmptyState({ title, children, hint, icon = '◇' }: Props) {
  return (
    <div className="empty-state">
      <div className="empty-icon" aria-hidden="true">
        {icon}
      </div>
      <h2>{title}</h2>
      <div className="empty-text">{children}</div>
      {hint ? <div className="empty-hint">{hint}</div> : null}
    </div>
  );
}
