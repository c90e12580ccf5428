/**
 * The one contract between the renderer and the host core.
 *
 * Every request the renderer may make is listed in `requestSchemas` (validated with zod at the
 * host boundary) and typed in `ApiResponses`; every event the host pushes is typed in
 * `ApiEvents`. Electron IPC (preload) and the WebSocket client of the browser shell both
 * implement `EngramApi`, so renderer code is identical in both shells.
 *
 * This file must stay free of runtime dependencies other than zod: the preload bundle and the
 * renderer bundle import its types, the host imports its schemas.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Shared shapes

export type ShellKind = 'electron' | 'browser';

export const VIEW_IDS = ['agent', 'terminal', 'tasks', 'memory', 'dreams', 'skills'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export interface Project {
  id: string;
  /** Absolute, symlink-resolved path of the repository folder. */
  path: string;
  /** Folder name, shown in the sidebar. */
  name: string;
  /** ISO time the project was first opened. */
  openedAt: string;
  /** The view last shown for this project. */
  view: ViewId;
}

export interface Layout {
  /** Sidebar width in CSS pixels. */
  sidebarWidth: number;
  sidebarCollapsed: boolean;
}

export const DEFAULT_LAYOUT: Layout = { sidebarWidth: 248, sidebarCollapsed: false };

export interface WorkbenchState {
  projects: Project[];
  activeProjectId: string | null;
  layout: Layout;
}

export interface AppInfo {
  name: 'Engram';
  version: string;
  shell: ShellKind;
  dataDir: string;
  platform: string;
  /** Whether `projects.pickFolder` (a native folder dialog) is available in this shell. */
  canPickFolder: boolean;
}

/** Error codes a request can fail with. The message is always human-readable. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'unknown_method'
  | 'not_found'
  | 'not_a_directory'
  | 'not_readable'
  | 'unsupported'
  | 'internal';

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Requests

const viewId = z.enum(VIEW_IDS);
const projectId = z.string().min(1).max(64);
const empty = z.object({}).strict();

export const requestSchemas = {
  'app.info': empty,
  'workbench.state': empty,
  'projects.open': z.object({ path: z.string().trim().min(1, 'Enter a folder path.').max(4096) }).strict(),
  'projects.close': z.object({ id: projectId }).strict(),
  'projects.activate': z.object({ id: projectId.nullable() }).strict(),
  'projects.setView': z.object({ id: projectId, view: viewId }).strict(),
  /** Native folder dialog; only where `AppInfo.canPickFolder`. Resolves to null when cancelled. */
  'projects.pickFolder': empty,
  'layout.set': z
    .object({
      sidebarWidth: z.number().int().min(160).max(640).optional(),
      sidebarCollapsed: z.boolean().optional(),
    })
    .strict(),
} as const;

export type ApiMethod = keyof typeof requestSchemas;
export type ApiParams<M extends ApiMethod> = z.input<(typeof requestSchemas)[M]>;

export interface ApiResponses {
  'app.info': AppInfo;
  'workbench.state': WorkbenchState;
  'projects.open': Project;
  'projects.close': { closed: boolean };
  'projects.activate': { activeProjectId: string | null };
  'projects.setView': Project;
  'projects.pickFolder': { path: string | null };
  'layout.set': Layout;
}

// Compile-time check that every method has a response type and vice versa.
type _EveryMethodAnswered = [ApiMethod] extends [keyof ApiResponses]
  ? [keyof ApiResponses] extends [ApiMethod]
    ? true
    : never
  : never;
export const _everyMethodAnswered: _EveryMethodAnswered = true;

// ---------------------------------------------------------------------------------------------
// Events pushed by the host

export interface ApiEvents {
  /** The list of projects, the active project or the layout changed (from any client). */
  'workbench.changed': WorkbenchState;
}
export type ApiEventName = keyof ApiEvents;

// ---------------------------------------------------------------------------------------------
// The interface both shells implement for the renderer

export interface EngramApi {
  readonly shell: ShellKind;
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponses[M]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** Thrown by `EngramApi.call` when the host answers with an error. */
export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// ---------------------------------------------------------------------------------------------
// Wire format of the WebSocket transport (Electron IPC carries the same objects)

export type ClientMessage = { id: number; method: string; params: unknown };
/** The host's answer to one request. */
export type ApiAnswer = { result: unknown } | { error: ApiErrorShape };

/**
 * What the Electron preload exposes as `window.engramBridge`: the raw request/answer pair.
 * (contextBridge does not carry error classes, so the renderer turns answers into ApiErrors.)
 */
export interface EngramBridge {
  readonly shell: 'electron';
  invoke(method: string, params: unknown): Promise<ApiAnswer>;
  on(event: ApiEventName, listener: (payload: unknown) => void): () => void;
}
export type ServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: ApiErrorShape }
  | { event: ApiEventName; payload: unknown };
