import { useWorkbench } from '../../state/workbenchStore';
import { EmptyState } from '../common/EmptyState';
import { ENGRAM_DIR } from '../../../contract';

/** Shown when no project is open: what Engram is and the one thing to do first. */
export function Welcome() {
  const canPick = useWorkbench((s) => s.info?.canPickFolder ?? false);
  return (
    <EmptyState
      title="Open a repository to begin"
      icon="E"
      hint={
        canPick ? (
          <>Use <strong>Open project</strong> in the sidebar to choose a folder.</>
        ) : (
          <>Type a folder path into <strong>Project path</strong> in the sidebar and press <strong>Open</strong>.</>
        )
      }
    >
      <p>
        Engram is a workbench for a coding agent that does not forget. Its memory lives as readable markdown in
        each repository's <code>{ENGRAM_DIR}/</code> folder, so what was decided, ruled out and learned survives every
        session.
      </p>
    </EmptyState>
  );
}
