import { useEffect } from 'react';
import { ACTIONS, type ActionId } from '../../contract';
import { useApi } from '../api/apiContext';
import { matchesAccelerator } from '../actions/accelerators';
import { runAction } from '../actions/actionHandlers';
import { focusOpenProject } from '../actions/focusOpenProject';
import { selectActiveProject, useWorkbench } from '../state/workbenchStore';

/**
 * Workbench-wide keys: Ctrl/Cmd+1…9 switch projects, and every accelerator of
 * contract/actions.ts (Ctrl/Cmd+K opens the command palette). Captured before the page's own
 * handlers so they work with focus in any view (even a terminal).
 */
export function useGlobalShortcuts(openPalette: () => void): void {
  const api = useApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mac = navigator.platform.startsWith('Mac');
      const mod = mac ? e.metaKey : e.ctrlKey;
      if (!mod) return;
      for (const a of ACTIONS) {
        if (!('accelerator' in a) || !matchesAccelerator(a.accelerator, e, mac)) continue;
        e.preventDefault();
        e.stopPropagation();
        const project = selectActiveProject(useWorkbench.getState());
        void runAction(a.id as ActionId, { api, project, openPalette, focusOpenProject });
        return;
      }
      if (!e.altKey && !e.shiftKey && /^[1-9]$/.test(e.key)) {
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
