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

describe('memory.edit through the host', () => {
  const hosts = useHost();

  it('leaves the index as a re-reading of the file would: new words found, old ones gone, the date kept', async () => {
    const host = hosts.start();
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.engram'), { recursive: true });
    // One entry typed by hand (no comment, so no date in the file) beside dated ones.
    fs.writeFileSync(
      path.join(root, '.engram', 'MEMORY.md'),
      '# Project memory\n\n## Rules\n- Keep migrations reversible. <!-- id:mrule01 at:2025-03-04 src:handbook -->\n- Tabs in Makefiles only.\n\n## Gotchas\n- The cron runs in UTC. <!-- id:mgot001 at:2025-05-06 -->\n',
    );
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const search = async (query: string) => (await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query })).hits.map((h) => h.id);
    const [handId] = await search('Makefiles');
    const before = await ok<MemoryEntryDetail>(host, 'memory.entry', { projectId: project.id, id: handId });

    const edited = await ok<MemoryEntryDetail>(host, 'memory.edit', { projectId: project.id, id: 'mrule01', text: 'Keep migrations backwards compatible for one release.', expectedText: 'Keep migrations reversible.' });
    expect(edited).toMatchObject({ kind: 'rules', text: 'Keep migrations backwards compatible for one release.', at: '2025-03-04', source: 'handbook' });
    expect(await search('reversible')).toEqual([]);
    expect(await search('backwards compatible')).toEqual(['mrule01']);

    const hand = await ok<MemoryEntryDetail>(host, 'memory.edit', { projectId: project.id, id: handId, text: 'Tabs in Makefiles, spaces elsewhere.', expectedText: before.text });
    expect(hand).toMatchObject({ id: handId, text: 'Tabs in Makefiles, spaces elsewhere.', at: before.at });
    expect(await search('spaces elsewhere')).toEqual([handId]);
    expect(await search('cron UTC')).toEqual(['mgot001']);
  });
});
