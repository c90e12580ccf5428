import os from 'node:os';
import type { Dialog, Clipboard, BrowserWindow } from 'electron';

export interface ProblemFacts {
  appVersion: string;
  versions: Partial<NodeJS.ProcessVersions>;
  platform: string;
  arch: string;
  dataDir: string;
  /** The last start-up or crash messages, newest last. */
  recentTrouble: readonly string[];
}

/** What to paste into a problem report: versions, platform, data folder, recent trouble. */
export function problemReportText(f: ProblemFacts): string {
  return [
    `Engram ${f.appVersion}`,
    `Electron ${f.versions.electron ?? '?'}, Chromium ${f.versions.chrome ?? '?'}, Node ${f.versions.node ?? '?'}`,
    `${f.platform} ${f.arch} (${os.release()})`,
    `Data folder: ${f.dataDir}`,
    ...(f.recentTrouble.length ? ['Recent trouble:', ...f.recentTrouble.map((t) => `  - ${t}`)] : ['Recent trouble: none']),
  ].join('\n');
}

/**
 * Help → Report a problem…: shows the facts a report needs and copies them on request, for the
 * user to paste where their team tracks problems (Engram sends nothing anywhere by itself).
 */
export async function reportProblem(dialog: Pick<Dialog, 'showMessageBox'>, clipboard: Pick<Clipboard, 'writeText'>, owner: BrowserWindow | undefined, facts: ProblemFacts): Promise<boolean> {
  const text = problemReportText(facts);
  const options = {
    type: 'info' as const,
    title: 'Report a problem',
    message: 'Describe what you did, what you expected and what happened, and include these details:',
    detail: text,
    buttons: ['Copy details', 'Close'],
    defaultId: 0,
    cancelId: 1,
  };
  const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  if (response !== 0) return false;
  clipboard.writeText(text);
  return true;
}
