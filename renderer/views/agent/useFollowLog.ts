import { useCallback, useEffect, useRef } from 'react';

/** How close to the end still counts as "at the end" (a line or so). */
const NEAR_END_PX = 24;

/**
 * Keeps a scrolling log at its latest line while the person is there, as a terminal does: new
 * output and the log coming back into view (another tab or project was shown, the window was
 * resized) scroll it to the end; once they scroll up to read, it stays where they are until they
 * scroll back down or `follow()` is called (they sent a message, opened a session).
 */
export function useFollowLog(changes: unknown): { ref: (el: HTMLElement | null) => void; follow: () => void } {
  const el = useRef<HTMLElement | null>(null);
  const following = useRef(true);
  const observer = useRef<ResizeObserver | null>(null);

  const toEnd = () => {
    const log = el.current;
    if (log && following.current) log.scrollTop = log.scrollHeight;
  };
  const onScroll = useCallback(() => {
    const log = el.current;
    // A hidden log (display: none) reports no size: that says nothing about where the person is.
    if (!log || log.clientHeight === 0) return;
    following.current = log.scrollTop + log.clientHeight >= log.scrollHeight - NEAR_END_PX;
  }, []);

  const ref = useCallback(
    (node: HTMLElement | null) => {
      observer.current?.disconnect();
      el.current?.removeEventListener('scroll', onScroll);
      el.current = node;
      if (!node) return;
      node.addEventListener('scroll', onScroll, { passive: true });
      // Shown again after display: none, the browser has reset its scroll to the top.
      observer.current = new ResizeObserver(toEnd);
      observer.current.observe(node);
      toEnd();
    },
    [onScroll],
  );

  useEffect(toEnd, [changes]);
  useEffect(() => () => observer.current?.disconnect(), []);

  const follow = useCallback(() => {
    following.current = true;
    // After the render that the caller's state change causes.
    requestAnimationFrame(toEnd);
  }, []);
  return { ref, follow };
}
