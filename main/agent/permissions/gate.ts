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
 * Decides whether one tool call may run: rules (defaults, then the configured ones, last match
 * wins), then the grants given "for this session", then the asker.
 */
export class PermissionGate {
  private readonly rules: PermissionRule[];
  /** sessionId → tools allowed for the rest of that session. */
  private readonly sessionGrants = new Map<string, Set<string>>();

  constructor(
    configured: PermissionRule[],
    private readonly asker: Asker,
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
    if (this.sessionGrants.get(sessionId)?.has(tool)) return { allowed: true };
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
    if (answer === 'session') {
      const grants = this.sessionGrants.get(sessionId) ?? new Set<string>();
      grants.add(tool);
      this.sessionGrants.set(sessionId, grants);
    }
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
