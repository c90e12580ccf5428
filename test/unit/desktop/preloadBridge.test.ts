import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEYS, IPC_CALL } from '../../../contract/wire';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
const { standIn } = await import('../../helpers/electronStandIn');

describe('the preload', () => {
  it("exposes exactly the contract's bridge, once, as window.engramBridge", async () => {
    await import('../../../preload/index');
    const exposed = standIn().exposed;
    expect(exposed.map((e) => e.key)).toEqual(['engramBridge']);
    const bridge = exposed[0].api as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_KEYS].sort());
    expect(bridge.shell).toBe('electron');
    // The request goes over the one call channel with the method and params as given.
    await expect((bridge.invoke as (m: string, p: unknown) => Promise<unknown>)('app.info', {})).resolves.toEqual({ result: [IPC_CALL, 'app.info', {}] });
  });
});
