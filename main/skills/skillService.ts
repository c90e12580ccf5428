import { listArtifacts } from './artifactCatalog';
import type { SecretStore } from '../settings/secrets/secretStore';
import type { ArtifactInfo, ArtifactType } from '../../contract/skills';
import type { Database } from '../db/database';
import { BusyError } from '../errors/domainErrors';
import { writeArtifact } from './distill/artifactWriter';
import { distillModelFromSettings } from './distill/distillModel';
import type { DistillProposal, WrittenArtifact } from '../../contract/skills';
import { proposeDistill } from './distill/proposeDistill';
import { DistillRejections } from './distill/rejections';
import { ArtifactWatcher } from './artifactWatcher';

interface ServiceOptions {
  db: Database;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Where provider keys are kept (SPEC §6). */
  secrets?: SecretStore;
  projectPath(projectId: string): string;
  onChanged(projectId: string): void;
  log?: (line: string) => void;
}

/**
 * The Skills domain for the host: lists a project's skills, subagents and commands, and runs
 * Distill (one review at a time per project; accepting writes one artifact).
 */
export class SkillService {
  private readonly running = new Set<string>();
  private readonly watchers = new Map<string, ArtifactWatcher>();

  constructor(private readonly options: ServiceOptions) {}

  /** Lists, and from then on follows hand edits under .claude/ and .opencode/ until the project closes. */
  list(projectId: string): ArtifactInfo[] {
    const root = this.options.projectPath(projectId);
    if (!this.watchers.has(projectId)) {
      this.watchers.set(projectId, new ArtifactWatcher(root, () => this.options.onChanged(projectId), this.options.log));
    }
    return listArtifacts(root).map(({ body: _body, ...info }) => info);
  }

  closeProject(projectId: string): void {
    void this.watchers.get(projectId)?.close();
    this.watchers.delete(projectId);
  }

  dispose(): void {
    for (const id of [...this.watchers.keys()]) this.closeProject(id);
  }

  async distill(projectId: string, input: { sinceDays?: number; noLlm?: boolean }): Promise<DistillProposal> {
    const root = this.options.projectPath(projectId);
    if (this.running.has(projectId)) throw new BusyError('Distill is already reviewing this project.');
    this.running.add(projectId);
    try {
      const model = input.noLlm ? null : distillModelFromSettings(this.options.dataDir, root, this.options.env, this.options.secrets, this.options.db);
      return await proposeDistill({ db: this.options.db, projectRoot: root, sinceDays: input.sinceDays, model, log: this.options.log });
    } finally {
      this.running.delete(projectId);
    }
  }

  accept(projectId: string, input: { type: ArtifactType; name: string; content: string }): WrittenArtifact {
    const root = this.options.projectPath(projectId);
    // An ArtifactRefusedError (invalid text, name taken) reaches the person as is.
    const written = writeArtifact(root, input.type, input.name, input.content);
    this.options.onChanged(projectId);
    return written;
  }

  reject(projectId: string, key: string): { rejected: boolean } {
    new DistillRejections(this.options.db, this.options.projectPath(projectId)).reject(key);
    return { rejected: true };
  }
}
