import type { RecordedRequest, ScriptedReply } from '../../helpers/scriptedModel';
import { requestText } from '../../helpers/scriptedModel';

export function isWriterRequest(r: RecordedRequest): boolean {
  const system = r.body.messages.find((m) => m.role === 'system');
  return typeof system?.content === 'string' && system.content.includes('You are the checkpoint writer');
}

/** A file of about `lines` lines of distinct words, tagged so a test can see whether the model got it. */
export function bigFile(tag: string, lines: number): string {
  const words = ['delta', 'quartz', 'maple', 'orbit', 'lumen', 'cobalt', 'fjord', 'ember', 'willow', 'sable'];
  const out: string[] = [`${tag} begins`];
  for (let i = 0; i < lines; i++) out.push(`${tag} ${i} ${words[i % 10]} ${words[(i * 7) % 10]} ${(i * 7919) % 10007} ${words[(i * 3) % 10]}`);
  return out.join('\n') + '\n';
}

/**
 * The scripted checkpoint writer: a well-formed checkpoint that copies into Exact values every
 * line of its prompt carrying `factMarker` (what a good writer does), plus the prompt's size.
 */
export function writerReply(request: RecordedRequest, factMarker: string, extra: Partial<ScriptedReply> = {}): ScriptedReply {
  const prompt = requestText(request);
  const facts = [...new Set(prompt.match(new RegExp(`[^\\n"\\\\]*${factMarker}[^\\n"\\\\]*`, 'g')) ?? [])];
  const text = [
    '## Active intent',
    '- Survey the big files and keep the staging settings.',
    '## Done',
    '- Read the files so far.',
    '## In progress',
    '- Reading.',
    '## Next steps',
    '- Continue reading.',
    '## Decisions',
    '_(none)_',
    '## Files touched',
    '_(none)_',
    '## Open questions',
    '_(none)_',
    '## Exact values',
    ...facts.map((f) => `- ${f.trim()}`),
  ].join('\n');
  return { text, ...extra };
}
