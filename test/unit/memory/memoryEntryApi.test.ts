import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MemoryEntryDetail, MemorySearchHit, Project } from '../../../contract';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

/** `memory.entry`: what the Memory view opens when a timeline row or a search hit is clicked. */
describe('memory.entry through the host', () => {
  const hosts = useHost();

  it('opens an entry a search found in a topic file, with that file as its path', async () => {
    const host = hosts.start();
    const root = tempDir();
    // A dream moves entries out of MEMORY.md into topic files; search finds them there.
    fs.mkdirSync(path.join(root, '.engram', 'memory'), { recursive: true });
    fs.writeFileSync(path.join(root, '.engram', 'MEMORY.md'), '# Project memory\n\n## Knowledge\n- Releases are cut on Fridays. <!-- id:mrel001 at:2026-01-02 -->\n');
    fs.writeFileSync(
      path.join(root, '.engram', 'memory', 'deploys.md'),
      '# Deploys\n\n## Knowledge\n- Staging deploys go through the blue pool. <!-- id:mblue01 at:2026-01-05 src:ops-wiki -->\n',
    );
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const { hits } = await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query: 'blue pool' });
    expect(hits.map((h) => [h.id, h.path])).toEqual([['mblue01', '.engram/memory/deploys.md']]);

    const entry = await ok<MemoryEntryDetail>(host, 'memory.entry', { projectId: project.id, id: 'mblue01' });
    expect(entry).toMatchObject({
      id: 'mblue01',
      kind: 'knowledge',
      text: 'Staging deploys go through the blue pool.',
      path: '.engram/memory/deploys.md',
      at: '2026-01-05',
      source: 'ops-wiki',
    });
    // One in MEMORY.md still answers as before.
    expect(await ok<MemoryEntryDetail>(host, 'memory.entry', { projectId: project.id, id: 'mrel001' })).toMatchObject({
      kind: 'knowledge',
      text: 'Releases are cut on Fridays.',
      path: '.engram/MEMORY.md',
      source: null,
    });
  });
});
