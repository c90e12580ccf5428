import { create } from 'zustand';

export const SETTINGS_TABS = ['Model', 'Semantic search', 'MCP servers', 'Usage'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/**
 * Whether the Settings dialog is open, and on which section: the sidebar button, the palette
 * (Settings, Usage and cost, MCP servers) and the Agent pane open it.
 */
interface SettingsDialogStore {
  open: boolean;
  tab: SettingsTab;
  show(tab?: SettingsTab): void;
  close(): void;
}

export const useSettingsDialog = create<SettingsDialogStore>((set) => ({
  open: false,
  tab: 'Model',
  show: (tab = 'Model') => set({ open: true, tab }),
  close: () => set({ open: false }),
}));
