import type { Database } from 'better-sqlite3';
import type { SecretStore } from '../settings/secrets/secretStore';
import { createTwoFilesPatch } from 'diff';
import { decodeUtf8 } from '../memory/markdown/byteString';
import { KeyValueStore } from '../db/keyValueStore';
import { dreamModelFromSettings } from './agentDreamModel';
import { runDream } from './dreamRunner';
import { DreamNotFoundError, revertDream } from './dreamRevert';
import { restoreDreamHistory } from './dreamHistoryFiles';
import { DreamStore } from './dreamStore';
import type { DreamDiff, DreamFigures, DreamList, DreamStep } from './dreamTypes';
import { NotFoundError } from '../errors/domainErrors';

export const DREAM_INTERVAL_SETTING = 'dreams.intervalDays';
export const DEFAULT_INTERVAL_DAYS = 7;
const DAY_MS = 86_400_000;

export interface DreamServiceOptions {
  db: Database;
  dataDir: string;
  /** An open project's folder, or undefined. */
  projectRoot: (projectId: string) => string | undefined;
  onChanged: (projectId: string, list: DreamList) => void;
  onProgress: (projectId: string, step: DreamStep, running: boolean) => void;
  env?: NodeJS.ProcessEnv;
  /** Where provider keys are kept (SPEC §6). */
  secrets?: SecretStore;
  log?: (line: string) => void;
}

export class DreamProjectNotOpenError extends NotFoundError {
  constructor(id: string) {
    super(`No open project with id ${id}.`);
    this.name = 'DreamProjectNotOpenError';
  }
}

/** Dreams of the open projects, for the host: list, run (with progress), revert, diff, schedule. */
export class DreamService {
  private readonly store: DreamStore;
  private readonly settings: KeyValueStore;
  private readonly running = new Set<string>();
  /** What went wrong with the model in the last dream this host ran, per project. */
  private readonly problems = new Map<string, string>();
  private readonly cancels = new Map<string, AbortController>();

  constructor(private readonly options: DreamServiceOptions) {
    this.store = new DreamStore(options.db);
    this.settings = new KeyValueStore(options.db);
  }

  intervalDays(): number {
    const n = Number(this.settings.get(DREAM_INTERVAL_SETTING, DEFAULT_INTERVAL_DAYS));
    return Number.isFinite(n) && n > 0 ? n : DEFAULT_INTERVAL_DAYS;
  }

  /** When the next scheduled dream of this project folder is due. */
  nextRunAt(root: string, now = new Date()): string {
    const since = this.store.scheduleSince(root, now.toISOString());
    const last = this.store.lastRunAt(root);
    const from = Date.parse(last && last > since ? last : since);
    return new Date(from + this.intervalDays() * DAY_MS).toISOString();
  }

  list(projectId: string): DreamList {
    const root = this.root(projectId);
    restoreDreamHistory(this.options.db, root);
    return {
      dreams: this.store.list(root),
      nextRunAt: this.nextRunAt(root),
      intervalDays: this.intervalDays(),
      running: this.running.has(projectId),
      problem: this.problems.get(projectId) ?? null,
    };
  }

  /** When this open project last dreamed (for the project's status), or null. */
  lastRunAt(projectId: string): string | null {
    const root = this.options.projectRoot(projectId);
    return root ? this.store.lastRunAt(root) : null;
  }

  isRunning(projectId: string): boolean {
    return this.running.has(projectId);
  }

  async run(projectId: string, options: { noLlm?: boolean } = {}): Promise<DreamFigures> {
    const root = this.root(projectId);
    const stop = new AbortController();
    this.running.add(projectId);
    this.cancels.set(projectId, stop);
    this.options.onProgress(projectId, 'lock', true);
    try {
      const model = options.noLlm ? null : dreamModelFromSettings(this.options.dataDir, root, this.options.env ?? process.env, this.options.secrets, this.options.db);
      const outcome = await runDream({
        db: this.options.db,
        dataDir: this.options.dataDir,
        signal: stop.signal,
        projectRoot: root,
        model,
        log: this.options.log,
        onProgress: (step) => this.options.onProgress(projectId, step, step !== 'done'),
      });
      if (outcome.modelProblem) this.problems.set(projectId, outcome.modelProblem);
      else this.problems.delete(projectId);
      return outcome.figures;
    } finally {
      this.cancels.delete(projectId);
      this.running.delete(projectId);
      this.options.onProgress(projectId, 'done', false);
      this.changed(projectId);
    }
  }

  /** Stops this project's running dream before it writes anything; false if none was running. */
  cancel(projectId: string): boolean {
    this.root(projectId); // an unknown project answers not found, not "nothing running"
    const stop = this.cancels.get(projectId);
    stop?.abort();
    return Boolean(stop);
  }

  revert(projectId: string, id: string): { reverted: string } {
    const result = revertDream(this.options.db, this.root(projectId), id, 'person');
    this.changed(projectId);
    return { reverted: result.reverted };
  }

  diff(projectId: string, id: string): DreamDiff {
    const root = this.root(projectId);
    restoreDreamHistory(this.options.db, root);
    if (!this.store.get(root, id)) throw new DreamNotFoundError(id);
    return {
      id,
      files: this.store.files(id).map((f) => ({
        path: f.path,
        patch: createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, decodeUtf8(f.before ?? ''), decodeUtf8(f.after), '', '', { context: 2 }),
      })),
    };
  }

  private changed(projectId: string): void {
    try {
      this.options.onChanged(projectId, this.list(projectId));
    } catch {
      // The project was closed meanwhile: nobody is looking at its dreams.
    }
  }

  private root(projectId: string): string {
    const root = this.options.projectRoot(projectId);
    if (!root) throw new DreamProjectNotOpenError(projectId);
    return root;
  }
}
