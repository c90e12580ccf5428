import { openDatabase } from '../../../main/db/database';
import { SessionStore } from '../../../main/agent/sessions/sessionStore';

export type SeedCall = [tool: string, input: Record<string, unknown>];
export interface SeedSession {
  prompt: string;
  calls: SeedCall[];
}

/** Sessions written through the real session store into <dataDir>/engram.db, oldest first. */
export function seedSessions(dataDir: string, projectRoot: string, sessions: SeedSession[]): string[] {
  const db = openDatabase(dataDir);
  try {
    const store = new SessionStore(db);
    return sessions.map((s) => {
      const session = store.create({ projectPath: projectRoot, title: s.prompt.slice(0, 60), mode: 'build', system: 'seeded', model: 'seed' });
      store.addMessage(session.id, { role: 'user', content: s.prompt });
      s.calls.forEach(([tool, input], i) => {
        const id = `call_${i}`;
        store.toolStarted(session.id, id, tool, input);
        store.toolEnded(session.id, id, 'ok', 'done', null);
      });
      store.addMessage(session.id, { role: 'assistant', content: 'Done.' });
      return session.id;
    });
  } finally {
    db.close();
  }
}

const bash = (command: string): SeedCall => ['bash', { command }];

/** One release, the way it was done every time: the workflow mining must find. */
export function release(version: string, before: SeedCall[] = [], after: SeedCall[] = []): SeedSession {
  return {
    prompt: `Prepare release ${version}`,
    calls: [
      ...before,
      bash('npm run lint'),
      bash('npm test -- --run'),
      ['edit', { file_path: 'package.json', old_string: '"version": "x"', new_string: `"version": "${version}"` }],
      bash(`git commit -am "release ${version}"`),
      bash(`git tag v${version}`),
      ...after,
    ],
  };
}

/** Work around it that does not repeat. */
export const NOISE: SeedSession[] = [
  {
    prompt: 'Fix the parser bug in src/parse.ts',
    calls: [['read', { file_path: 'src/parse.ts' }], ['edit', { file_path: 'src/parse.ts', old_string: 'a', new_string: 'b' }], bash('npx vitest run test/parse.test.ts'), bash('git diff')],
  },
  {
    prompt: 'Add a dark theme toggle',
    calls: [['edit', { file_path: 'renderer/theme.ts', old_string: 'a', new_string: 'b' }], ['write', { file_path: 'renderer/toggle.tsx', content: 'x' }], bash('npm run build'), bash('git status')],
  },
  {
    prompt: 'Why does the build fail on CI?',
    calls: [bash('cat .github/workflows/ci.yml'), ['grep', { pattern: 'node-version' }], bash('npm run build'), bash('git log -5')],
  },
];

/** A second workflow with different requests each time: a procedure, so a skill. */
export function migration(name: string, prompt: string): SeedSession {
  return {
    prompt,
    calls: [['read', { file_path: 'prisma/schema.prisma' }], bash(`npx prisma migrate dev --name ${name}`), bash('npx prisma generate'), bash('npm run typecheck')],
  };
}
