import { useState } from 'react';
import type { TerminalSession } from './terminalSession';

/** Find in the terminal's scrollback: Enter for next, Shift+Enter for previous, Escape to close. */
export function TerminalFind({ session, onClose }: { session: TerminalSession; onClose(): void }) {
  const [term, setTerm] = useState('');
  const [found, setFound] = useState(true);

  const close = () => {
    session.find('');
    onClose();
    session.focus();
  };

  return (
    <div className="terminal-find" role="search">
      <input
        type="search"
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        autoFocus
        value={term}
        className={found ? '' : 'not-found'}
        onChange={(e) => {
          setTerm(e.target.value);
          setFound(session.find(e.target.value) || !e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFound(session.find(term, e.shiftKey));
          if (e.key === 'Escape') close();
        }}
      />
      <button type="button" className="terminal-action" onClick={close}>
        Close
      </button>
    </div>
  );
}
