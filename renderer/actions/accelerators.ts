/** Whether a key event is an Electron-style accelerator ("CmdOrCtrl+Shift+T") of contract/actions.ts. */
export function matchesAccelerator(accelerator: string, e: KeyboardEvent, mac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()!.toLowerCase();
  const want = { mod: false, shift: false, alt: false };
  for (const p of parts) {
    if (p === 'CmdOrCtrl') want.mod = true;
    else if (p === 'Shift') want.shift = true;
    else if (p === 'Alt') want.alt = true;
  }
  const mod = mac ? e.metaKey : e.ctrlKey;
  return mod === want.mod && e.shiftKey === want.shift && e.altKey === want.alt && e.key.toLowerCase() === key;
}
