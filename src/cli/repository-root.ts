/**
 * SARIF file URIs are relative to the repository root: GitHub code scanning resolves
 * `artifactLocation.uri` against the checkout, so `scan ../infra` from a subdirectory must still give
 * `infra/...`, not a path relative to where the command ran, nor an absolute `file://` URI.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#specifying-the-location-for-source-files
 */
import { existsSync } from 'fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'path';
import type { Finding } from '../core/findings/finding';
import type { ReportInput } from '../core/report';
import { STDIN_DISPLAY } from './readers/display-path';

/**
 * The directory SARIF URIs are relative to: `GITHUB_WORKSPACE` when it holds `cwd` (GitHub Actions'
 * checkout), else the nearest directory from `cwd` up that holds `.git`, else `cwd`.
 */
export function repositoryRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace !== undefined && workspace !== '' && isInside(resolve(workspace), resolve(cwd))) {
    return resolve(workspace);
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return resolve(cwd);
    }
  }
}

/** The report input with every file shown relative to `root` (absolute when outside it). */
export function relativeToRoot(input: ReportInput, cwd: string, root: string): ReportInput {
  const rebase = (file: string): string => {
    if (file === STDIN_DISPLAY) {
      return file;
    }
    const absolute = resolve(cwd, file);
    return isInside(root, absolute) ? relative(root, absolute).split(sep).join('/') || '.' : absolute.split(sep).join('/');
  };
  const finding = (f: Finding): Finding => f.file !== undefined ? { ...f, file: rebase(f.file) } : f;
  return {
    ...input,
    result: {
      ...input.result,
      findings: input.result.findings.map(finding),
      acknowledged: input.result.acknowledged.map(finding),
    },
    filesScanned: input.filesScanned.map(rebase),
    // A problem may name several files ("a, b" when translating them together failed): left as is then.
    inputProblems: input.inputProblems?.map(p => p.file.includes(', ') ? p : { ...p, file: rebase(p.file) }),
  };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
