import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/apiContext';
import { useWorkbench } from '../../state/workbenchStore';
import { ApiError } from '../../../contract';

/**
 * Desktop: a button that opens the native folder dialog. Browser: a path field and an Open
 * button. Either way a folder that cannot be opened is explained in place and nothing changes.
 */
export function OpenProject() {
  const api = useApi();
  const canPick = useWorkbench((s) => s.info?.canPickFolder ?? false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (folder: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.call('projects.open', { path: folder });
      setPath('');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (canPick) {
    const pick = async () => {
      const { path: chosen } = await api.call('projects.pickFolder', {});
      if (chosen) await open(chosen);
    };
    return (
      <div className="open-project">
        <button type="button" className="button primary wide" onClick={() => void pick()} disabled={busy}>
          Open project
        </button>
        {error ? <p role="alert" className="field-error">{error}</p> : null}
      </div>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void open(path);
    else setError('Enter the path of a repository folder.');
  };

  return (
    <form className="open-project" onSubmit={submit}>
      <label htmlFor="project-path" className="field-label">
        Project path
      </label>
      <div className="field-row">
        <input
          id="project-path"
          className="text-field"
          value={path}
          placeholder="~/code/my-repo"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'project-path-error' : undefined}
          onChange={(e) => {
            setPath(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button primary" disabled={busy}>
          Open
        </button>
      </div>
      {error ? (
        <p role="alert" id="project-path-error" className="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
