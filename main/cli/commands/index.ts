import type { Command } from '../command';
import { initCommand } from './initCommand';
import { serveCommand } from './serveCommand';

/** Every CLI command; usage lists them in this order. */
export const commands: Command[] = [initCommand, serveCommand];
