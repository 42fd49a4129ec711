/* eslint-disable import/no-extraneous-dependencies -- benchmark tooling uses devDependencies (typescript) */
/**
 * Transpiles src/ and bench/ to bench/out/build (TypeScript's transpileModule, as ts-node
 * --transpile-only and jest do), so that each child process runs plain JavaScript: no ts-node
 * hook, no compile time inside the measurements, and no dependence on the lib/ that other work in
 * the same tree rebuilds at any moment.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The repository root: the first directory above this file with a .projenrc.ts (works from bench/out/build too). */
export const REPO_ROOT = findRepoRoot(__dirname);
export const OUT_ROOT = path.join(REPO_ROOT, 'bench', 'out');
export const BUILD_ROOT = path.join(OUT_ROOT, 'build');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  resolveJsonModule: true,
};

/** Transpiles every .ts file of src/ and bench/ (not bench/out); returns the number of files. */
export function buildForBenchmark(): number {
  let files = 0;
  for (const dir of ['src', 'bench']) {
    for (const file of tsFiles(path.join(REPO_ROOT, dir))) {
      const source = fs.readFileSync(file, 'utf-8');
      const { outputText, diagnostics } = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: file, reportDiagnostics: true });
      if (diagnostics?.length) {
        throw new Error(`${path.relative(REPO_ROOT, file)} does not parse: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
      }
      const target = path.join(BUILD_ROOT, path.relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, outputText);
      files++;
    }
  }
  return files;
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.projenrc.ts'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no .projenrc.ts above ${from}: run the benchmark inside the repository`);
  }
}

function tsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== OUT_ROOT) found.push(...tsFiles(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      found.push(full);
    }
  }
  return found;
}

if (require.main === module) {
  console.log(`transpiled ${buildForBenchmark()} files to ${path.relative(REPO_ROOT, BUILD_ROOT)}`);
}
