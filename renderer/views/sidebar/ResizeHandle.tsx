import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useApi } from '../../api/apiContext';
import { useWorkbench } from '../../state/workbenchStore';

const MIN = 160;
const MAX = 640;
const clamp = (w: number) => Math.round(Math.min(MAX, Math.max(MIN, w)));

/** Drag (or arrow keys) to resize the sidebar; the width is saved when the drag ends. */
export function ResizeHandle() {
  const api = useApi();
  const width = useWorkbench((s) => s.layout.sidebarWidth);
  const preview = useWorkbench((s) => s.previewLayout);
  const start = useRef<{ x: number; width: number } | null>(null);

  const save = (w: number) => void api.call('layout.set', { sidebarWidth: clamp(w) });

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    preview({ sidebarWidth: clamp(start.current.width + e.clientX - start.current.x) });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const w = clamp(start.current.width + e.clientX - start.current.x);
    start.current = null;
    save(w);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 48 : 16;
    if (e.key === 'ArrowLeft') save(width - step);
    else if (e.key === 'ArrowRight') save(width + step);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize sidebar"
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
