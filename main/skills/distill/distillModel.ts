import { textModelFromSettings, type TextModel } from '../../agent/providers/textModel';

/** The one thing distill asks of a model: text for a prompt. */
export type DistillModel = TextModel;

/** The agent's provider (SPEC §6) as distill's model; null without one, which is a normal case. */
export const distillModelFromSettings = textModelFromSettings;
