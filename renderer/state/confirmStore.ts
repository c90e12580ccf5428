import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in a sentence or a short list. */
  body: string | string[];
  confirmLabel: string;
  danger?: boolean;
}

interface ConfirmStore {
  open: (ConfirmRequest & { resolve(ok: boolean): void }) | null;
  ask(request: ConfirmRequest): Promise<boolean>;
  answer(ok: boolean): void;
}

/** One question at a time, asked from anywhere (a view, the palette) and answered in ConfirmDialog. */
export const useConfirm = create<ConfirmStore>((set, get) => ({
  open: null,
  ask: (request) =>
    new Promise<boolean>((resolve) => {
      get().open?.resolve(false);
      set({ open: { ...request, resolve } });
    }),
  answer: (ok) => {
    const open = get().open;
    set({ open: null });
    open?.resolve(ok);
  },
}));

export const confirmAction = (request: ConfirmRequest): Promise<boolean> => useConfirm.getState().ask(request);
