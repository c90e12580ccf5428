import type { Command } from '../command';
import { initEngramFolder } from '../../memory/engramFolder';
import { checkProjectFolder } from '../../projects/folderCheck';
import {
  driverCommandFor,
  engramCliScript,
  setUpTeamMemory,
  teamStatus,
  unregisteredDriverNotice,
} from '../../teamMemory/teamSetup';
import { ENGRAM_DIR } from '../../../contract/engramLayout';

export const initCommand: Command = {
  words: ['init'],
  synopsis: '[--team]',
  summary: `create ${ENGRAM_DIR}/ with its templates in the project (safe to run again); --team also sets up merging memory through git`,
  options: { team: { type: 'boolean' } },
  run(ctx, values) {
    const root = checkProjectFolder(ctx.projectDir);
    const { path: dir, created } = initEngramFolder(root);
    const human = created.length
      ? `Initialized ${dir} (${created.join(', ')})`
      : `${dir} is already initialized; nothing changed.`;
    if (!values.team) {
      let notice: string | null = null;
      try {
        notice = unregisteredDriverNotice(teamStatus(root));
      } catch {
        // No git on this machine: nothing to register.
      }
      ctx.result({ path: dir }, human);
      if (notice) process.stderr.write(`engram: ${notice}\n`);
      return;
    }
    const team = setUpTeamMemory(root, driverCommandFor(process.execPath, engramCliScript()));
    const lines = [human];
    lines.push(team.attributesAdded.length ? `Added to .gitattributes: ${team.attributesAdded.join(', ')}` : '.gitattributes already sends memory files to the engram merge driver.');
    lines.push(team.registered ? `Registered the merge driver in this repository's git config: ${team.driver}` : 'The merge driver was already registered.');
    lines.push(`Commit .gitattributes and ${ENGRAM_DIR}/; each teammate runs "engram init --team" once in their clone.`);
    ctx.result({ path: dir, team: true, attributesAdded: team.attributesAdded, driver: team.driver }, lines.join('\n'));
  },
};
