import { isAbsolute, relative, sep } from 'path';

/** How standard input is named in reports. */
export const STDIN_DISPLAY = '(stdin)';

/** How a path is shown in reports: relative to `cwd` when inside it, else absolute; `/` separators. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}
