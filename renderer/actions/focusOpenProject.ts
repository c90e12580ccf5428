/** "Open project…": the path field of the browser shell, or the folder dialog of the desktop one. */
export function focusOpenProject(): void {
  const field = document.getElementById('project-path') as HTMLInputElement | null;
  if (field) field.focus();
  else document.querySelector<HTMLButtonElement>('.open-project button')?.click();
}
