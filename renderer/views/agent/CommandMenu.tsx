import { useEffect, useState } from 'react';
import type { ArtifactInfo } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** The `/name` being typed: a slash, then the start of a name, nothing after it yet. */
export function commandPrefix(text: string): string | null {
  const m = /^\/([\w.-]*)$/.exec(text);
  return m ? m[1].toLowerCase() : null;
}

/** The project's custom commands whose name starts with what was typed after the slash. */
export function useCommandMatches(projectId: string, prefix: string | null): ArtifactInfo[] {
  const api = useApi();
  const [commands, setCommands] = useState<ArtifactInfo[]>([]);
  const open = prefix !== null;
  useEffect(() => {
    if (!open) return;
    let live = true;
    // Asked each time the menu opens: a command file added in an editor is offered at once.
    api.call('skills.list', { projectId }).then(
      (all) => live && setCommands(all.filter((a) => a.type === 'command' && a.active)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, projectId, open]);
  if (prefix === null) return [];
  return commands.filter((c) => c.name.toLowerCase().startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
}

interface Props {
  id: string;
  matches: ArtifactInfo[];
  selected: number;
  onPick(name: string): void;
}

/** Above the composer while `/…` is typed: the commands that fit, to pick with the arrows and Tab or Enter. */
export function CommandMenu({ id, matches, selected, onPick }: Props) {
  if (matches.length === 0) return null;
  return (
    <ul id={id} role="listbox" aria-label="Commands" className="command-menu">
      {matches.map((c, i) => (
        <li
          key={c.path}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === selected}
          className={i === selected ? 'selected' : undefined}
          // Before the textarea loses focus: the pick keeps the caret in the message.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(c.name);
          }}
        >
          <code>/{c.name}</code>
          <span className="command-menu-description">{c.description}</span>
          <span className="command-menu-source">{c.source}</span>
        </li>
      ))}
    </ul>
  );
}
