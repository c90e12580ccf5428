import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentSettings } from '../../../main/settings/agentSettings';
import { tempDir } from '../../helpers/tempDir';

function layers(data: object | null, project: object | null) {
  const dataDir = tempDir('engram-data-');
  const root = tempDir('engram-proj-');
  if (data) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(data));
  if (project) {
    fs.mkdirSync(path.join(root, '.engram'));
    fs.writeFileSync(path.join(root, '.engram', 'config.json'), JSON.stringify(project));
  }
  return { dataDir, root };
}

describe('continuity settings', () => {
  it('defaults the output reserve to a tenth of the window, at most 16k', () => {
    const { dataDir, root } = layers({ contextWindow: 30_000 }, null);
    expect(loadAgentSettings(dataDir, root, {})).toMatchObject({ contextWindow: 30_000, outputReserve: 3_000, checkpointThresholds: null });
    const big = layers({ contextWindow: 1_000_000 }, null);
    expect(loadAgentSettings(big.dataDir, big.root, {}).outputReserve).toBe(16_000);
  });

  it("takes a model's own window and reserve over the top-level values; the environment wins over both", () => {
    const { dataDir, root } = layers(
      { model: 'qwen3:8b', contextWindow: 128_000, outputReserve: 8_000, models: { 'qwen3:8b': { contextWindow: 40_960, outputReserve: 4_096 } } },
      { checkpoints: { thresholds: ['50%', 12_000] } },
    );
    expect(loadAgentSettings(dataDir, root, {})).toMatchObject({ contextWindow: 40_960, outputReserve: 4_096, checkpointThresholds: ['50%', 12_000] });
    expect(loadAgentSettings(dataDir, root, { ENGRAM_CONTEXT_WINDOW: '30000', ENGRAM_OUTPUT_RESERVE: '2000' })).toMatchObject({
      contextWindow: 30_000,
      outputReserve: 2_000,
    });
    expect(loadAgentSettings(dataDir, root, { ENGRAM_MODEL: 'other' })).toMatchObject({ contextWindow: 128_000, outputReserve: 8_000 });
  });

  it('skips a config file with a malformed threshold, with a warning', () => {
    const { dataDir, root } = layers(null, { checkpoints: { thresholds: ['lots'] } });
    const s = loadAgentSettings(dataDir, root, {});
    expect(s.checkpointThresholds).toBeNull();
    expect(s.warnings.join('\n')).toContain('checkpoints.thresholds[0] must be a token count above 0 or a share of the usable window such as "60%", not "lots"; file ignored.');
  });
});
