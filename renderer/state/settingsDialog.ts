import { create } from 'zustand';

/** Whether the Settings dialog is open: the sidebar button, the palette and the Agent pane open it. */
interface SettingsDialogStore {
  open: boolean;
  show(): void;
  close(): void;
}

export const useSettingsDialog = create<SettingsDialogStore>((set) => ({
  open: false,
  show: () => set({ open: true }),
  close: () => set({ open: false }),
}));
