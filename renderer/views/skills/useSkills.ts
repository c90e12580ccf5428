import { useCallback, useEffect, useState } from 'react';
import type { ArtifactInfo, DistillCandidate, DistillProposal } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** A project's artifacts (kept current by `skills.changed`) and the proposals of the last Distill. */
export function useSkills(projectId: string) {
  const api = useApi();
  const [artifacts, setArtifacts] = useState<ArtifactInfo[] | null>(null);
  const [proposal, setProposal] = useState<(DistillProposal & { handled: number }) | null>(null);
  const [distilling, setDistilling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api.call('skills.list', { projectId }).then(setArtifacts, (err: Error) => setError(err.message));
  }, [api, projectId]);

  useEffect(() => {
    reload();
    return api.on('skills.changed', (e) => e.projectId === projectId && reload());
  }, [api, projectId, reload]);

  const drop = (key: string) => setProposal((p) => (p ? { ...p, handled: p.handled + 1, candidates: p.candidates.filter((c) => c.key !== key) } : p));

  return {
    artifacts,
    proposal,
    distilling,
    error,
    distill: async () => {
      setError(null);
      setDistilling(true);
      try {
        setProposal({ ...(await api.call('skills.distill', { projectId })), handled: 0 });
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setDistilling(false);
      }
    },
    /** Writes the proposal (as edited); throws the host's reason when it refuses. */
    accept: async (c: DistillCandidate, content: string) => {
      await api.call('skills.accept', { projectId, type: c.type, name: c.name, content });
      drop(c.key);
      reload();
    },
    reject: async (c: DistillCandidate) => {
      setError(null);
      try {
        await api.call('skills.reject', { projectId, key: c.key });
        drop(c.key);
      } catch (err) {
        setError((err as Error).message);
      }
    },
  };
}
