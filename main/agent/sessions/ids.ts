import crypto from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ses_` + a ULID-like id: 10 characters of time, 16 random; sorts by creation time. */
export function newSessionId(now = Date.now()): string {
  return `ses_${ulid(now)}`;
}

export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}

function ulid(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += CROCKFORD[b % 32];
  return time + rand;
}

export const SESSION_ID_PATTERN = /^ses_[0-9A-HJKMNP-TV-Z]{26}$/;
