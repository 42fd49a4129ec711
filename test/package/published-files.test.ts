/**
 * What `npm publish` would ship, read from `npm pack --dry-run --json` over the built tree: the
 * JavaScript and declarations built from src/ (nothing left over from an older build), .jsii, the
 * README, docs/ (the SARIF helpUri and the README's links point there), CHANGELOG and LICENSE; no CI,
 * scripts, demo, bench, tests or source maps, and no inline source maps inside the JavaScript.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

interface PackedFile { readonly path: string; readonly size: number }

let files: PackedFile[];
let manifest: Record<string, any>;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` (npm test does it first)');
  }
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  expect(pack.status).toBe(0);
  files = JSON.parse(pack.stdout)[0].files;
  manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}, 60_000);

const own = () => files.filter(f => !f.path.startsWith('node_modules/'));

describe('the published package', () => {
  test('ships lib/, .jsii, README, CHANGELOG, LICENSE and every doc the README and SARIF help link to', () => {
    const paths = own().map(f => f.path);
    for (const required of ['lib/index.js', 'lib/cli/main.js', '.jsii', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/rules.md', 'docs/exposure.md', 'docs/cli.md']) {
      expect(paths).toContain(required);
    }
  });

  test('ships no CI, scripts, demo, bench, tests, sources, source maps or contributor notes', () => {
    const unwanted = own().map(f => f.path).filter(p =>
      /^(\.ci|scripts|demo|bench|test|src|projenrc|\.projen)\//.test(p) || /\.map$/.test(p) || /\.ts$/.test(p) && !/\.d\.ts$/.test(p)
      || /^(CONTRIBUTING\.md|ISSUE-.*|tsconfig.*\.json|\.jsii\.tabl\.json)$/.test(p));
    expect(unwanted).toEqual([]);
  });

  test('the JavaScript carries no source map, inline or pointing at a file that is not shipped', () => {
    const inline = own().filter(f => f.path.endsWith('.js'))
      .filter(f => readFileSync(join(ROOT, f.path), 'utf8').includes('sourceMappingURL='))
      .map(f => f.path);
    expect(inline).toEqual([]);
  });

  test('every lib/ file comes from a source file of today (nothing from an older build)', () => {
    const stale = own().map(f => f.path)
      .filter(p => p.startsWith('lib/'))
      .map(p => p.replace(/^lib\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'))
      .filter(source => !existsSync(join(ROOT, source)));
    expect(stale).toEqual([]);
  });

  test('the version and stability say 0.x and experimental, and there is no compat task', () => {
    expect(manifest.version).toMatch(/^0\.\d+\.\d+$/);
    expect(manifest.stability).toBe('experimental');
    expect(manifest.scripts.compat).toBeUndefined();
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${manifest.version}`);
  });
});
