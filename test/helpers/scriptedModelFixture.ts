import { afterAll, afterEach } from 'vitest';
import { startScriptedModel, type Script, type ScriptedModel } from './scriptedModel';

/**
 * The scripted model as a per-test fixture: call at the top of a test file, then
 * `const model = await scripted.start(script)` in a test. Every model a test started is
 * closed after it, whatever the outcome; with `{ per: 'file' }`, after the file (for a model
 * started in `beforeAll`).
 */
export function useScriptedModel(options: { per?: 'test' | 'file' } = {}): { start(script: Script): Promise<ScriptedModel> } {
  const open: ScriptedModel[] = [];
  (options.per === 'file' ? afterAll : afterEach)(async () => {
    const closing = open.splice(0);
    await Promise.all(closing.map((m) => m.close()));
  });
  return {
    async start(script) {
      const model = await startScriptedModel(script);
      open.push(model);
      return model;
    },
  };
}
