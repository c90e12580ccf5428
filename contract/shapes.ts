/** Request fragments several domains share (ids and the empty request). */
import { z } from 'zod';

export const empty = z.object({}).strict();
export const projectId = z.string().min(1).max(64);
