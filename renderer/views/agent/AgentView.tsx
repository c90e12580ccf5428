import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function AgentView(_props: { project: Project }) {
  return (
    <EmptyState title="The agent" icon="✦" hint={<>Coming next: configure a provider (Ollama, Anthropic, OpenAI or any OpenAI-compatible endpoint) to start a session.</>}>
      <p>Chat with a coding agent that remembers this project: streaming replies, tool calls shown as cards with diffs, permission prompts, plan and build modes, and a meter of how much context is in use.</p>
    </EmptyState>
  );
}
