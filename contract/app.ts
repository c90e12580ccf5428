/** The application itself: which shell serves the window, and where its data lives. */
import { z } from 'zod';
import { empty } from './shapes';

export type ShellKind = 'electron' | 'browser';

export interface AppInfo {
  name: 'Engram';
  version: string;
  shell: ShellKind;
  dataDir: string;
  platform: string;
  /** Whether `projects.pickFolder` (a native folder dialog) is available in this shell. */
  canPickFolder: boolean;
  /** How to run the Engram CLI on this machine, for text that suggests a command: `engram` when it is on the PATH, else `node /abs/bin/engram.js`. */
  cli: string;
}

export const appSchemas = {
  'app.info': empty,
  /** The notices the host gave since it started, oldest first: a window opened later shows them too. */
  'app.notices': empty,
} satisfies Record<string, z.ZodType>;

export interface AppResponses {
  'app.info': AppInfo;
  'app.notices': { notices: AppNotice[] };
}

/** What an `app.notice` is about. */
export const APP_NOTICE_KINDS = ['database-rebuilt'] as const;
export type AppNoticeKind = (typeof APP_NOTICE_KINDS)[number];

export interface AppNotice {
  kind: AppNoticeKind;
  /** One sentence for the person, shown as is. */
  message: string;
  at: string;
}

export interface AppEvents {
  /**
   * Something the host did on its own that the person should know about, e.g. engram.db was
   * found damaged while running, moved aside and rebuilt from the project files.
   */
  'app.notice': AppNotice;
  /**
   * The desktop shell's menu asks the window to run a workbench action (an id of the action
   * list the command palette shows). Sent by Electron to the window the menu belongs to only.
   */
  'app.menuAction': { id: string };
}
