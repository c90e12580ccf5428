/**
 * A glob as a RegExp over `/`-separated relative paths: `**` spans folders, `*` and `?` stay
 * within one name, `{a,b}` alternates. A pattern without `/` matches the base name anywhere
 * (as .gitignore and most glob tools do).
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim();
  const anchored = pattern.includes('/') && !pattern.startsWith('**/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += '(?:' + pattern.slice(i + 1, end).split(',').map(escape).join('|') + ')';
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(anchored ? `^${re}$` : `^(?:.*/)?${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}
