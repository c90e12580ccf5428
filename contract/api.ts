/**
 * The whole API, assembled from the domain files: every request (`requestSchemas`, validated
 * with zod at the host boundary), its answer (`ApiResponses`) and every event the host pushes
 * (`ApiEvents`). Electron IPC and the WebSocket client of the browser shell both implement
 * `EngramApi`, so renderer code is identical in both shells; the host core implements
 * `ApiHandlers`, typed from the same schemas.
 */
import type { z } from 'zod';
import { agentSchemas, type AgentEvents, type AgentResponses } from './agent';
import { appSchemas, type AppEvents, type AppResponses, type ShellKind } from './app';
import { dreamSchemas, type DreamEvents, type DreamResponses } from './dreams';
import { memorySchemas, type MemoryEvents, type MemoryResponses } from './memory';
import { projectSchemas, type ProjectEvents, type ProjectResponses } from './projects';
import { settingSchemas, type SettingEvents, type SettingResponses } from './settings';
import { skillSchemas, type SkillEvents, type SkillResponses } from './skills';
import { usageSchemas, type UsageEvents, type UsageResponses } from './usage';
import { mcpSchemas, type McpEvents, type McpResponses } from './mcp';
import { taskSchemas, type TaskEvents, type TaskResponses } from './tasks';
import { terminalSchemas, type TerminalEvents, type TerminalResponses } from './terminal';
import { worktreeSchemas, type WorktreeEvents, type WorktreeResponses } from './worktrees';

export const requestSchemas = {
  ...appSchemas,
  ...projectSchemas,
  ...terminalSchemas,
  ...taskSchemas,
  ...agentSchemas,
  ...settingSchemas,
  ...memorySchemas,
  ...dreamSchemas,
  ...skillSchemas,
  ...usageSchemas,
  ...mcpSchemas,
  ...worktreeSchemas,
};

export type ApiMethod = keyof typeof requestSchemas;
/** What a caller passes (defaults and transforms not yet applied). */
export type ApiParams<M extends ApiMethod> = z.input<(typeof requestSchemas)[M]>;
/** What a handler receives: the params after the schema parsed them. */
export type ApiRequest<M extends ApiMethod> = z.output<(typeof requestSchemas)[M]>;

export interface ApiResponses
  extends AppResponses,
    ProjectResponses,
    TerminalResponses,
    TaskResponses,
    AgentResponses,
    SettingResponses,
    MemoryResponses,
    DreamResponses,
    SkillResponses,
    UsageResponses,
    McpResponses,
    WorktreeResponses {}

// Compile-time check that every method has a response type and vice versa.
type _EveryMethodAnswered = [ApiMethod] extends [keyof ApiResponses]
  ? [keyof ApiResponses] extends [ApiMethod]
    ? true
    : never
  : never;
export const _everyMethodAnswered: _EveryMethodAnswered = true;

export interface ApiEvents
  extends AppEvents,
    ProjectEvents,
    TerminalEvents,
    TaskEvents,
    AgentEvents,
    SettingEvents,
    McpEvents,
    MemoryEvents,
    DreamEvents,
    SkillEvents,
    WorktreeEvents,
    UsageEvents {}
export type ApiEventName = keyof ApiEvents;

/**
 * What the host core implements: one handler per method, its params typed from the method's
 * schema. A handler whose params drift from its schema does not compile.
 */
export type ApiHandlers = {
  [M in ApiMethod]: (params: ApiRequest<M>) => ApiResponses[M] | Promise<ApiResponses[M]>;
};

/** The interface both shells implement for the renderer. */
export interface EngramApi {
  readonly shell: ShellKind;
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponses[M]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
