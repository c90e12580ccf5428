import { useEffect, useRef } from 'react';
import type { TerminalSession } from './terminalSession';

/** Hosts one session's xterm element while shown; the xterm itself lives on in the registry. */
export function TerminalPane({ session }: { session: TerminalSession }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const pane = ref.current!;
    session.mount(pane);
    session.focus();
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => session.fit());
    });
    observer.observe(pane);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      session.unmount();
    };
  }, [session]);

  return <div ref={ref} className="terminal-pane" />;
}
