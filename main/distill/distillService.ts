import { listArtifacts } from '../agent/artifacts/artifactCatalog';
import type { ArtifactInfo, ArtifactType } from '../../contract/skills';
import type { Database } from '../db/database';
import { BusyError } from '../errors/domainErrors';
import { writeArtifact } from './artifactWriter';
import { distillModelFromSettings } from './distillModel';
import type { DistillProposal, WrittenArtifact } from '../../contract/skills';
import { proposeDistill } from './proposeDistill';
import { DistillRejections } from './rejections';

interface ServiceOptions {
  db: Database;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  projectPath(projectId: string): string;
  onChanged(projectId: string): void;
  log?: (line: string) => void;
}

/** Distill for the host: one review at a time per project; accepting writes one artifact. */
export class DistillService {
  private readonly running = new Set<string>();

  constructor(private readonly options: ServiceOptions) {}

  list(projectId: string): ArtifactInfo[] {
    return listArtifacts(this.options.projectPath(projectId)).map(({ body: _body, ...info }) => info);
  }

  async propose(projectId: string, input: { sinceDays?: number; noLlm?: boolean }): Promise<DistillProposal> {
    const root = this.options.projectPath(projectId);
    if (this.running.has(projectId)) throw new BusyError('Distill is already reviewing this project.');
    this.running.add(projectId);
    try {
      const model = input.noLlm ? null : distillModelFromSettings(this.options.dataDir, root, this.options.env);
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
