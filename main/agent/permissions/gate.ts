import type { AgentEvent, PermissionAnswer } from '../../../contract';
import { newId } from '../sessions/ids';
import { DEFAULT_RULES, evaluate, type PermissionRule } from './rules';

export interface PermissionRequest {
  requestId: string;
  sessionId: string;
  tool: string;
  subject: string | null;
}

/** Asks a person (the UI dialog) or answers for one (headless `--yes` / no `--yes`). */
export type Asker = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionAnswer | { deny: string }>;

/**
 * Tools a person allowed "for this session", by session. Outlives a gate: whoever runs turns
 * (the agent-run orchestrator) keeps one, so the grant lasts every turn of that session.
 */
export class SessionGrants {
  private readonly bySession = new Map<string, Set<string>>();

  has(sessionId: string, tool: string): boolean {
    return this.bySession.get(sessionId)?.has(tool) ?? false;
  }

  add(sessionId: string, tool: string): void {
    const grants = this.bySession.get(sessionId) ?? new Set<string>();
    grants.add(tool);
    this.bySession.set(sessionId, grants);
  }

  /** A deleted session's grants go with it. */
  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}

/**
 * Decides whether one tool call may run: rules (defaults, then the configured ones, last match
 * wins), then the grants given "for this session", then the asker.
 */
export class PermissionGate {
  private readonly rules: PermissionRule[];

  constructor(
    configured: PermissionRule[],
    private readonly asker: Asker,
    /** Tools allowed for the rest of a session; a gate of its own when the caller keeps none. */
    private readonly sessionGrants: SessionGrants = new SessionGrants(),
  ) {
    this.rules = [...DEFAULT_RULES, ...configured];
  }

  async check(
    sessionId: string,
    tool: string,
    subject: string | null,
    signal: AbortSignal,
    emit: (e: AgentEvent) => void,
  ): Promise<{ allowed: true } | { allowed: false; reason: string }> {
    const action = evaluate(this.rules, tool, subject);
    if (action === 'allow') return { allowed: true };
    const requestId = newId('perm');
    if (action === 'deny') {
      const reason = `A permission rule denies ${tool}${subject ? ` for ${subject}` : ''}.`;
      emit({ type: 'permission', requestId, tool, subject, decision: 'deny', reason });
      return { allowed: false, reason };
    }
    if (this.sessionGrants.has(sessionId, tool)) return { allowed: true };
    // Ask first, announce second: an answer given while the event is being delivered must find the request waiting.
    const asked = this.asker({ requestId, sessionId, tool, subject }, signal);
    emit({ type: 'permission', requestId, tool, subject, decision: 'pending', reason: `${tool} asks for permission.` });
    let answer: PermissionAnswer;
    let why = `The user denied permission for ${tool}${subject ? `: ${subject}` : ''}.`;
    try {
      const given = await asked;
      if (typeof given === 'object') {
        answer = 'deny';
        why = given.deny;
      } else answer = given;
    } catch {
      answer = 'deny';
    }
    if (answer === 'session') this.sessionGrants.add(sessionId, tool);
    if (answer === 'deny') {
      emit({ type: 'permission', requestId, tool, subject, decision: 'deny', reason: why });
      return { allowed: false, reason: why };
    }
    emit({ type: 'permission', requestId, tool, subject, decision: 'allow', reason: answer === 'session' ? 'allowed for this session' : 'allowed once' });
    return { allowed: true };
  }
}

/** Headless answers: `--yes` allows every ask; without it an ask is denied with the way out. */
export function headlessAsker(yes: boolean): Asker {
  return async (req) =>
    yes ? 'once' : { deny: `${req.tool} needs permission and nobody can answer in a headless run (run again with --yes to allow asks, or add an allow rule to config.json).` };
}
