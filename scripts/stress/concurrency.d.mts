export interface StressResult {
  style: string;
  written: number;
  kept: number;
  keptBeside: number;
  lost: number[];
  addsOk: number;
  addsFailed: number;
  addErrors: string[];
  dreams: number;
  dreamErrors: string[];
  root: string;
}
export function concurrencyStress(o: { style: 'append' | 'rename'; adders?: number; adds?: number; interval?: number; dream?: boolean }): Promise<StressResult>;
