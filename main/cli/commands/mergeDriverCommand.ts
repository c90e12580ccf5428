import type { Command } from '../command';
import { runMergeDriver } from '../../teamMemory/merge/mergeDriver';

/**
 * Run by git (`merge.engram.driver`), not by people: the merged file goes to OURS and the exit
 * code tells git whether a conflict remains (1) or not (0).
 */
export const mergeDriverCommand: Command = {
  words: ['merge-driver'],
  synopsis: 'BASE OURS THEIRS [PATH]',
  summary: "git merge driver for Engram's memory files (merges by entry id; set up by init --team)",
  positionals: { min: 3, max: 4, names: 'BASE OURS THEIRS [PATH]' },
  run(ctx, _values, [base, ours, theirs, repoPath]) {
    const outcome = runMergeDriver(base, ours, theirs, repoPath);
    // Exit 1 with the reason on stderr: git then records a conflict (markers are in OURS).
    if (outcome.conflict) throw new Error(outcome.summary);
    if (ctx.json) ctx.result({ merged: true, format: outcome.format }, outcome.summary);
  },
};
