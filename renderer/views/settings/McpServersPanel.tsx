import { useCallback, useEffect, useState } from 'react';
import type { McpServerStatus, Project } from '../../../contract';
import { useApi } from '../../api/apiContext';

const STATE_LABEL: Record<McpServerStatus['state'], string> = { unapproved: 'needs your approval', starting: 'starting…', ready: 'ready', failed: 'failed' };

/** The project's MCP servers: where each was declared, its state (or why it failed) and its tools. */
export function McpServersPanel({ project }: { project: Project | null }) {
  const api = useApi();
  const [servers, setServers] = useState<McpServerStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!project) return;
    api.call('mcp.servers', { projectId: project.id }).then(setServers, (err) => setError((err as Error).message));
  }, [api, project]);

  useEffect(() => {
    load();
    return api.on('mcp.changed', (e) => {
      if (e.projectId === project?.id) load();
    });
  }, [api, project, load]);

  if (!project) return <p className="settings-muted">Open a project to see its MCP servers.</p>;
  if (error) return <p role="alert">{error}</p>;
  if (!servers) return <p className="settings-muted">Starting the MCP servers…</p>;
  return (
    <section className="mcp-panel" aria-label="MCP servers">
      <p className="settings-muted mcp-intro">
        Servers from <code>.mcp.json</code> in {project.name} and from <code>mcpServers</code> in your settings. Their tools are offered to the agent as{' '}
        <code>mcp__server__tool</code> and ask before each use unless a permission rule allows them.
      </p>
      {servers.length === 0 ? <p className="settings-muted mcp-intro">No MCP servers are declared.</p> : null}
      <ul className="mcp-list">
        {servers.map((s) => (
          <li key={`${s.source}:${s.name}`} className={`mcp-server mcp-${s.state}`} aria-label={`MCP server ${s.name}`}>
            <div className="mcp-head">
              <strong>{s.name}</strong>
              <span className="settings-muted">
                {s.transport} · from {s.source === 'project' ? '.mcp.json' : 'settings'}
              </span>
              <span className="mcp-state">{STATE_LABEL[s.state]}</span>
            </div>
            {s.reason ? <p className="mcp-reason">{s.reason}</p> : null}
            {s.state === 'unapproved' ? (
              <button
                type="button"
                className="button"
                onClick={() => void api.call('mcp.approve', { projectId: project.id, name: s.name }).then(setServers, (err) => setError((err as Error).message))}
              >
                Allow {s.name}
              </button>
            ) : null}
            {s.tools.length ? <p className="mcp-tools">{s.tools.join(', ')}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
