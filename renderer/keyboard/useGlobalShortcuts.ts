import { useEffect } from 'react';
import { useApi } from '../api/apiContext';
import { useWorkbench } from '../state/workbenchStore';

/**
 * Workbench-wide keys: Ctrl/Cmd+1…9 switch projects, Ctrl/Cmd+K opens the command palette.
 * Captured before the page's own handlers so they work with focus in any view (even a terminal).
 */
export function useGlobalShortcuts(openPalette: () => void): void {
  const api = useApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = navigator.platform.startsWith('Mac') ? e.metaKey : e.ctrlKey;
      if (!mod || e.altKey || e.shiftKey) return;
      if (e.key === 'k' || e.key === 'K') {
        e.preventDefault();
        e.stopPropagation();
        openPalette();
        return;
      }
      if (/^[1-9]$/.test(e.key)) {
        const project = useWorkbench.getState().projects[Number(e.key) - 1];
        if (!project) return;
        e.preventDefault();
        e.stopPropagation();
        void api.call('projects.activate', { id: project.id });
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [api, openPalette]);
}
