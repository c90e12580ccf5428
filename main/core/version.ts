import pkg from '../../package.json';

export const ENGRAM_VERSION: string = pkg.version;
