import { artifactDirsText, type Project } from '../../../contract';
import { ProposalCard } from './ProposalCard';
import { useSkills } from './useSkills';
import './skills.css';
import { useActionHandler } from '../../actions/actionRequests';

/** A project's skills, subagents and commands (Engram's, Claude Code's, OpenCode's) and Distill. */
export function SkillsView({ project }: { project: Project }) {
  const { artifacts, proposal, distilling, error, distill, accept, reject } = useSkills(project.id);
  useActionHandler(project.id, 'skills.distill', () => void (distilling || distill()));

  return (
    <div className="skills-view">
      <header className="skills-header">
        <div>
          <h2>Skills</h2>
          <p className="skills-muted">
            Skills, subagents and custom commands. Distill reviews the last 30 days of sessions and proposes one only for work done again and again.
          </p>
        </div>
        <button type="button" className="skills-primary" onClick={() => void distill()} disabled={distilling}>
          Distill
        </button>
      </header>
      {distilling && (
        <p role="status" className="skills-progress">
          <span className="skills-spinner" aria-hidden="true" /> Reviewing sessions…
        </p>
      )}
      {error && (
        <p role="alert" className="skills-error">
          {error}
        </p>
      )}
      {proposal && !distilling && (
        <section aria-label="Proposals">
          <h3>Proposals</h3>
          {!proposal.candidates.length && proposal.handled > 0 && <p className="skills-muted">Every proposal was accepted or rejected.</p>}
          {!proposal.candidates.length && !proposal.handled && (
            <p className="skills-muted">
              Nothing worth distilling in {proposal.sessionsReviewed} session{proposal.sessionsReviewed === 1 ? "" : "s"} of the last {proposal.sinceDays} day{proposal.sinceDays === 1 ? "" : "s"}.
              {proposal.dropped.length > 0 && ` (${proposal.dropped.length} draft${proposal.dropped.length > 1 ? 's' : ''} failed validation and ${proposal.dropped.length > 1 ? 'were' : 'was'} dropped.)`}
            </p>
          )}
          <ul className="proposal-list" aria-label="Proposed artifacts">
            {proposal.candidates.map((c) => (
              <ProposalCard key={c.key} candidate={c} onAccept={(content) => accept(c, content)} onReject={() => void reject(c)} />
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Artifacts">
        <h3>In this project</h3>
        {artifacts && !artifacts.length && <p className="skills-muted">No skills, subagents or commands yet ({artifactDirsText(null, '/')}).</p>}
        {artifacts && artifacts.length > 0 && (
          <table className="artifact-table" aria-label="Skills, subagents and commands">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {artifacts.map((a) => (
                <tr key={a.path} className={a.active ? '' : 'shadowed'}>
                  <td>
                    <span className={`artifact-type type-${a.type}`}>{a.type}</span>
                  </td>
                  <td>
                    <code>{a.type === 'command' ? `/${a.name}` : a.name}</code>
                  </td>
                  <td>{a.description || <span className="skills-muted">(no description)</span>}</td>
                  <td title={a.path}>
                    {a.source}
                    {!a.active && ' (shadowed)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
