import type { Command } from '../command';
import { initEngramFolder } from '../../memory/engramFolder';
import { checkProjectFolder } from '../../projects/folderCheck';
import { ENGRAM_DIR } from '../../../contract/engramLayout';

export const initCommand: Command = {
  words: ['init'],
  synopsis: '',
  summary: `create ${ENGRAM_DIR}/ with its templates in the project (safe to run again)`,
  run(ctx) {
    const root = checkProjectFolder(ctx.projectDir);
    const { path, created } = initEngramFolder(root);
    const human = created.length
      ? `Initialized ${path} (${created.join(', ')})`
      : `${path} is already initialized; nothing changed.`;
    ctx.result({ path }, human);
  },
};
