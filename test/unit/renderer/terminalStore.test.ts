import { beforeEach, describe, expect, it } from 'vitest';
import type { TerminalInfo } from '../../../contract';
import { useTerminals } from '../../../renderer/views/terminal/terminalStore';

const initial = useTerminals.getState();
const store = () => useTerminals.getState();
const terminal = (id: string, status: TerminalInfo['status']): TerminalInfo =>
  ({ id, projectId: 'p', title: id, status, cols: 80, rows: 24 }) as TerminalInfo;

beforeEach(() => useTerminals.setState(initial, true));

describe('the terminal store (renderer/views/terminal/terminalStore)', () => {
  it('shows a new terminal as soon as it is listed, so keys typed at once do not go to the one shown before', () => {
    store().setTerminals('p', [terminal('t1', 'running')]);
    expect(store().activeByProject.p).toBe('t1');
    store().expectNew('p');
    // The host lists the new terminal while its shell is still starting.
    store().setTerminals('p', [terminal('t1', 'running'), terminal('t2', 'starting')]);
    expect(store().activeByProject.p).toBe('t2');
    // Later lists (another window's terminal, a rename) keep what is shown.
    store().setTerminals('p', [terminal('t1', 'running'), terminal('t2', 'running'), terminal('t3', 'starting')]);
    expect(store().activeByProject.p).toBe('t2');
  });

  it('keeps the shown terminal when nobody asked for a new one', () => {
    store().setTerminals('p', [terminal('t1', 'running')]);
    store().setTerminals('p', [terminal('t1', 'running'), terminal('t2', 'starting')]);
    expect(store().activeByProject.p).toBe('t1');
  });
});
