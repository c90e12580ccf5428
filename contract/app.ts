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
} satisfies Record<string, z.ZodType>;

export interface AppResponses {
  'app.info': AppInfo;
}
