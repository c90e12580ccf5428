import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { describe, expect, it } from 'vitest';
import { ANY_PREREQUISITE, PRESET_VERSION, RULE_PREREQUISITES, scanSecrets } from '../../../main/secrets/secretScanner';
import { seededRandom } from '../../helpers/seededRandom';

interface Rule {
  meta: { id: string };
  create(context: unknown, options: unknown): { file?: (source: unknown) => unknown };
}

/** How many findings a rule reports on `text`, run directly (no prerequisite in between). */
function reportsOf(id: string, text: string): number {
  const rule = (rules as unknown as Rule[]).find((r) => r.meta.id === id)!;
  let n = 0;
  const context = {
    sharedOptions: {},
    createTranslator: () => (messageId: string) => ({ message: messageId, messageId }),
    report: () => n++,
    ignore: () => {},
  };
  const options = id.endsWith('-aws') ? { enableIDScanRule: true } : {};
  rule.create(context, options).file?.({ content: text, contentType: 'text', ext: '.md', filePath: undefined, indexToPosition: () => ({ line: 1, column: 0 }), locationToRange: () => [0, 0] });
  return n;
}

// Assembled from parts, so this file holds no credential a scanner would flag.
const join = (...parts: string[]) => parts.join('');
const POSITIVES: Record<string, string[]> = {
  '@secretlint/secretlint-rule-aws': [
    ...['A3TX', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'].map((p) => `uploads use ${join(p, 'QX7RZ3WPLM2NB8VC')} in CI`),
    `aws_secret_access_key = "${join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYzz9KEYabcd')}"`,
    `SECRET_ACCESS_KEY: ${join('Zk3+9aQ1bN7mP0xR2sT4', 'uV6wY8zA1cE3gI5kM7oQ')}`,
    `Secret_Access_Key=>${join('0123456789abcdefghij', 'KLMNOPQRSTUVWXYZ/+ab')}`,
    'aws_account_id: 1234-5678-9012',
    'ACCOUNT = 123456789012',
    'Account_Id: "1234-5678-9012"',
  ],
  '@secretlint/secretlint-rule-database-connection-string': [
    join('mongodb://admin:', 'S3cr3tPassw0rd9', '@db.example.com/app'),
    join('MONGODB+SRV://ops:', 'Kq8vBn3LpW2x', '@cluster0.example.net/prod?retryWrites=true'),
    join('jdbc:mysql://root:', 'Xy7kLm9pQz4w', '@10.0.0.5:3306/shop'),
    join('postgresql://ci:', 'Zq8vBn3LpT6y', '@db/app'),
    join('Postgres://reader:', 'Hj5tRe2wQa9z', '@replica.internal:5432/analytics'),
  ],
  '@secretlint/secretlint-rule-privatekey': [
    ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA'.repeat(8), 'q'.repeat(64), '-----END RSA PRIVATE KEY-----'].join('\n'),
    ['key: -----BEGIN PRIVATE KEY-----', join('MI', 'Ab3d'.repeat(40)), '-----END PRIVATE KEY-----'].join('\n'),
  ],
  '@secretlint/secretlint-rule-npm': [
    `publish with ${join('npm_', 'a1B2c3D4e5F6g7H8i9J0', 'k1L2m3N4o5P6q7R8')}`,
    `"url": "https://${join('deploy:', 'x9Kq2Lm7Pw3Zr8Tn', ':x-oauth-basic@github.com/org/repo.git')}"`,
  ],
  '@secretlint/secretlint-rule-basicauth': [
    `mirror at https://${join('deploy:', 'Tr0ub4dor3xQ', '@packages.example.com')}/simple`,
    `ftp://${join('backup_user:', 'Zx9-Lm7_Pq4', '@files.example.org')}`,
  ],
  '@secretlint/secretlint-rule-slack': [
    `bot token ${join('xoxb-', '1234567890123-', '1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx')}`,
    `alerts go to ${join('https://hooks.slack.com/services/', 'T0ABCDE12/', 'B0ABCDE34/', 'AbCdEfGhIjKlMnOpQrStUvWx')}`,
  ],
  '@secretlint/secretlint-rule-sendgrid': [`mail key ${join('SG.', 'ngeVfQFYQlKU0ufo8x5d1A', '.', 'TwL2iGABf9DHoTf09kqeF8tAmbihYzrnopKc1s5crAb')}`],
  '@secretlint/secretlint-rule-shopify': ['shppa_', 'shpca_', 'shpat_', 'shpss_'].map((p) => `store token ${join(p, 'a1b2c3d4e5f6a7b8', 'c9d0e1f2a3b4c5d6')}`),
  '@secretlint/secretlint-rule-github': [
    ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((p) => `CI uses ${join(p, 'A1b2C3d4E5f6G7h8I9j0', 'K1l2M3n4O5p6Q7r8')}`),
    `fine-grained ${join('github_pat_', 'A1b2C3d4E5'.repeat(8), 'xy')}`,
  ],
  '@secretlint/secretlint-rule-openai': [`OPENAI_API_KEY=${join('sk-', 'A1b2C3d4E5f6G7h8I9j0', 'T3BlbkFJ', 'K1l2M3n4O5p6Q7r8S9t0')}`],
  '@secretlint/secretlint-rule-anthropic': [`key ${join('sk-ant-api03-', 'Zq9'.repeat(31), 'AA')}`],
  '@secretlint/secretlint-rule-linear': [`linear ${join('lin_api_', 'A1b2C3d4E5f6G7h8I9j0', 'K1l2M3n4O5p6Q7r8S9t0')}`],
  '@secretlint/secretlint-rule-1password': [`service account ${join('ops_ey', 'JzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSIsInVzZXJBdXRoIjp7Im1ldGhvZCI6IlNSUGctNDA5NiIsImFsZyI6IlBCRVMyZy1IUzI1NiIsIml0ZXJhdGlvbnMiOjY1MDAwMCwic2FsdCI6IkFCQyJ9', 'fQ==')}`],
};
/** Rules that cannot report on a memory entry at all: GCP's look at .p12 and .json files only. */
const NEVER_ON_MEMORY = ['@secretlint/secretlint-rule-gcp'];

// Pieces that come close to what the rules look for: other cases, missing separators, digits.
const PIECES = [
  'aws', 'AWS', 'Aws', 'aWs', '_', '-', ' ', '=', ':', '=>', '"', "'", 'secret', 'SECRET', 'Secret', 'SeCrEt', 'sEcret',
  'access', 'ACCESS', 'key', 'KEY', 'Key', 'account', 'ACCOUNT', 'Account', 'AcCount', 'id', 'ID', '1234', '-', '5678', '9012',
  'AKIA', 'akia', 'ASIA', 'A3T', 'AKIB', 'QX7RZ3WPLM2NB8VC', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9KEYabcdefgh', '0123456789', '+/=',
  'mongodb', 'MongoDB', 'mysql', 'MySQL', 'jdbc:', 'postgres', 'postgresql', 'PostgreSQL', '+srv', '://', ':/', ':\\/', '//', '@',
  'user', 'admin', 'S3cr3tPassw0rd9', 'password', 'host', '.example.com', '/app', '?x=1', '\n', 'ü', '東京',
];

describe('secret rules skipped on texts that lack what they need', () => {
  it('are read from the preset version installed', () => {
    const pkg = createRequire(import.meta.url).resolve('@secretlint/secretlint-rule-preset-recommend/package.json');
    // Another version: read its rules again, then update
    // RULE_PREREQUISITES and PRESET_VERSION.
    expect(JSON.parse(fs.readFileSync(pkg, 'utf8')).version).toBe(PRESET_VERSION);
    expect(path.basename(path.dirname(pkg))).toBe('secretlint-rule-preset-recommend');
  });

  it('cover every rule of the preset', () => {
    const ids = (rules as unknown as Rule[]).map((r) => r.meta.id).filter((id) => !id.endsWith('-filter-comments'));
    expect(ids.filter((id) => !RULE_PREREQUISITES[id])).toEqual([]);
    expect(ids.filter((id) => !POSITIVES[id] && !NEVER_ON_MEMORY.includes(id))).toEqual([]);
  });

  it('never skip a text the rule reports on: positives, and 30,000 near misses', () => {
    const rand = seededRandom(5);
    const texts = [...Object.values(POSITIVES).flat()];
    const any = (list: string[]) => list[Math.floor(rand() * list.length)];
    for (let i = 0; i < 30_000; i++) {
      if (i % 2) {
        const n = 3 + Math.floor(rand() * 12);
        texts.push(Array.from({ length: n }, () => any(PIECES)).join(rand() < 0.5 ? '' : ' '));
        continue;
      }
      // Shaped like a connection string, with its parts right or slightly wrong.
      const scheme = any(['mongodb', 'MONGODB+srv', 'mysql', 'jdbc:mysql', 'mysqlx', 'postgres', 'postgresql', 'Postgres', 'mongo', 'sql', 'pg']);
      const sep = any(['://', '://', ':/', '//', ':\\/\\/', ': //', ':', '']);
      const cred = any(['', 'admin:', 'admin:S3cr3tPassw0rd9@', 'ci:Zq8vBn3LpT6y@', 'u:password@', 'u:xxxx@', 'r:Hj5tRe2wQa9z', ':Kq8vBn3LpW2x@']);
      texts.push(`${any(['', 'db ', 'use '])}${scheme}${sep}${cred}${any(['db.example.com', 'localhost', '10.0.0.5:3306'])}${any(['', '/app', '/shop?ssl=1'])}`);
    }
    // What the prerequisites look for, bare (no separator around): each must reach the rules.
    texts.push('A3TX', 'AKIA', 'ASIA', 'SECRET', 'Secret', 'account', 'PRIVATE KEY', 'private_key', 'SG.key', 'T3BlbkFJ', 'Hooks.Slack.com', 'HOOKS.SLACK.COM', 'ops_ey', 'npm_x');
    // Every positive mutated: other cases, a character dropped, doubled or replaced by a separator.
    const marks = [' ', '-', '_', ':', '/', '@', '.', '=', 'x', '0'];
    for (const positive of Object.values(POSITIVES).flat()) {
      for (let i = 0; i < 150; i++) {
        const chars = [...positive];
        for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
          const at = Math.floor(rand() * chars.length);
          const how = rand();
          if (how < 0.4) chars[at] = rand() < 0.5 ? chars[at].toUpperCase() : chars[at].toLowerCase();
          else if (how < 0.6) chars.splice(at, 1);
          else if (how < 0.8) chars.splice(at, 0, chars[at]);
          else chars[at] = any(marks);
        }
        texts.push(chars.join(''));
      }
    }
    for (const [id, needs] of Object.entries(RULE_PREREQUISITES)) {
      // A text any rule may report on is scanned at all.
      expect(texts.filter((t) => needs.test(t) && !ANY_PREREQUISITE.test(t)), id).toEqual([]);
      const missed = texts.filter((t) => !needs.test(t) && reportsOf(id, t) > 0);
      expect(missed, id).toEqual([]);
      // Not vacuous: the rule reports on every positive, and so does the scanner.
      if (NEVER_ON_MEMORY.includes(id)) continue;
      for (const t of POSITIVES[id]) {
        expect(reportsOf(id, t), t).toBeGreaterThan(0);
        expect(scanSecrets(t).findings.length, t).toBeGreaterThan(0);
      }
      // The near misses include texts the rule reports on, beyond the positives.
      const positives = new Set(POSITIVES[id]);
      expect(texts.filter((t) => !positives.has(t) && reportsOf(id, t) > 0).length, id).toBeGreaterThan(0);
    }
  });
});
