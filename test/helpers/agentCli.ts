import fs from 'node:fs';
import path from 'node:path';
import { runEngram, type CliRun } from './cli';
import type { ScriptedModel } from './scriptedModel';
import { tempDir } from './tempDir';

export interface Project {
  root: string;
  dataDir: string;
}

/** A fresh project folder and data dir, with optional files. */
export function newProject(files: Record<string, string> = {}): Project {
  const root = tempDir('engram-agent-');
  const dataDir = tempDir('engram-data-');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return { root, dataDir };
}

export type RunEvent = { type: string; [k: string]: unknown };

/** `engram --json run …` against the scripted model; events parsed from the JSON lines. */
export async function runAgentCli(
  project: Project,
  model: ScriptedModel,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun & { events: RunEvent[] }> {
  const result = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'run', ...args], {
    env: { ...model.env, ...env },
  });
  return { ...result, events: parseEvents(result.stdout) };
}

export function parseEvents(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunEvent);
}

export function eventsOf(events: RunEvent[], type: string): RunEvent[] {
  return events.filter((e) => e.type === type);
}

/** The tool result messages the model received in a request, by tool_call_id. */
export function toolMessages(model: ScriptedModel, requestIndex: number): Array<{ tool_call_id?: string; content: unknown }> {
  return model.requests[requestIndex].body.messages.filter((m) => m.role === 'tool');
}
