import type { LanguageModel } from 'ai';
import type { Database } from '../db/database';
import type { MemoryEngine } from '../memory/memoryEngine';
import { configurationProblem, HOW_TO_CONFIGURE, loadAgentSettings, type AgentSettings } from '../settings/agentSettings';
import type { SecretStore } from '../settings/secrets/secretStore';
import { engineMemory } from './memoryAdapter';
import type { MemoryPort } from './memoryPort';
import { createLanguageModel } from './providers/languageModel';
import { taskBoard } from './taskAdapter';
import type { TaskPort } from './taskPort';
import { UnsupportedError } from '../errors/domainErrors';
import { oneShotSemanticLayer } from '../memory/semantic/semanticLayer';

export interface AgentRuntime {
  settings: AgentSettings;
  model: LanguageModel;
  memory: MemoryPort;
  tasks: TaskPort;
}

export class AgentNotConfiguredError extends UnsupportedError {
  constructor(problem: string) {
    super(`${problem} ${HOW_TO_CONFIGURE}`);
    this.name = 'AgentNotConfiguredError';
  }
}

/** Everything a run needs for one project, read fresh (settings files may change between runs). */
export function agentRuntime(input: {
  db: Database;
  dataDir: string;
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  /** The host's engine for this project, when it has one open (it watches the files). */
  memoryEngine?: MemoryEngine;
  /** Where provider keys are kept (SPEC §6); without it only the environment's keys apply. */
  secrets?: SecretStore;
}): AgentRuntime {
  const settings = loadAgentSettings(input.dataDir, input.projectRoot, input.env, input.secrets);
  const problem = configurationProblem(settings);
  if (problem) throw new AgentNotConfiguredError(problem);
  return {
    settings,
    model: createLanguageModel(settings),
    memory: engineMemory(input.db, input.projectRoot, input.dataDir, input.memoryEngine, () =>
      oneShotSemanticLayer({ db: input.db, dataDir: input.dataDir, env: input.env, secrets: input.secrets }),
    ),
    tasks: taskBoard(input.projectRoot),
  };
}
