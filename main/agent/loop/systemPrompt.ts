import { listArtifacts } from '../../skills/artifactCatalog';
import { listSkills, projectInstructions } from '../../skills/artifacts';
import type { MemoryPort } from '../memoryPort';
import type { AgentMode } from '../../../contract/agent';
import { modeInstructions } from '../modes/modes';

/** Most of the window stays for the conversation; memory gets a slice, capped. */
export function memoryBudget(contextWindow: number): number {
  return Math.max(500, Math.min(12_000, Math.floor(contextWindow * 0.15)));
}

/**
 * The prompt fixed at a session's start: who the agent is, the mode, the project's own
 * instructions (AGENTS.md / CLAUDE.md), the memory block for the first request, and skills.
 * It is stored with the session, so continuing it later sends the same start.
 */
export async function buildSystemPrompt(input: {
  root: string;
  mode: AgentMode;
  firstPrompt: string;
  memory: MemoryPort;
  contextWindow: number;
  extra?: string;
}): Promise<string> {
  const parts = [
    `You are Engram's coding agent. You work in the project at ${input.root}; file paths are relative to it (or absolute inside it).`,
    'Anything outside the project is refused. Prefer small, verified changes. Save durable facts with memory_write; keep a scratchpad with note.',
    `Today is ${new Date().toISOString().slice(0, 10)}.`,
    modeInstructions(input.mode),
  ];
  if (input.extra) parts.push(input.extra);
  const instructions = projectInstructions(input.root);
  if (instructions && 'text' in instructions) parts.push(`# Project instructions (${instructions.file})\n\n${instructions.text.trim()}`);
  else if (instructions) parts.push(`(${instructions.refused})`);
  let memoryBlock = '';
  try {
    memoryBlock = (await input.memory.context(input.firstPrompt, memoryBudget(input.contextWindow))).trim();
  } catch (err) {
    memoryBlock = `(memory could not be loaded: ${(err as Error).message})`;
  }
  if (memoryBlock) parts.push(`# Memory\n\n${memoryBlock}`);
  const skills = listSkills(input.root);
  if (skills.length) parts.push(`# Skills (load one with the skill tool)\n\n${skills.map((s) => `- ${s.name}: ${s.description}`).join('\n')}`);
  const agents = listArtifacts(input.root).filter((a) => a.type === 'agent' && a.active);
  if (agents.length) {
    parts.push(`# Subagents (hand work to one with the subagent tool's \`agent\`)\n\n${agents.map((a) => `- ${a.name}: ${a.description}`).join('\n')}`);
  }
  return parts.join('\n\n');
}
