/**
 * `npm run demo` end to end, as a user runs it on a fresh clone: one real run (real aws-cdk-lib and
 * cdktf synthesis, the built binary), into a temporary directory instead of demo-out/.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, sep } from 'path';
import { sarifSchemaErrors } from '../core/report/sarif-schema';

const REPO = join(__dirname, '..', '..');

/** Manifests, templates and Terraform JSON under `dir`, relative to it, sorted. */
function synthesized(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map(path => path.split(sep).join('/'))
    .filter(path => /(^|\/)(manifest\.json|[^/]+\.template\.json|cdk\.tf\.json)$/.test(path))
    .sort();
}

describe('npm run demo', () => {
  let out: string;
  let run: { status: number | null; stdout: string; stderr: string };

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'search-guardrails-demo-'));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const result = spawnSync('npx', ['ts-node', '--transpile-only', 'demo/run.ts', '--out', out], {
      cwd: REPO, env, encoding: 'utf8', timeout: 240_000,
    });
    run = { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  }, 250_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('the demo exits 0 and says that everything behaved as expected', () => {
    const notHeld = run.stdout.split('\n').filter(line => line.includes('did not hold'));
    expect({ status: run.status, notHeld, stderr: run.status === 0 ? '' : run.stderr })
      .toEqual({ status: 0, notHeld: [], stderr: '' });
    expect(run.stdout).toMatch(/Everything behaved as expected \(12 checks, /);
  });

  test('the guard messages are shown with the rule, the construct path and the fix on both clouds', () => {
    expect(run.stdout).toContain('[SupportSearch/TroubleshootingAccess]');
    expect(run.stdout).toContain('[support-search/troubleshooting-access]');
    expect(run.stdout.match(/^ +public-ingress +rule /gm)).toHaveLength(2);
    expect(run.stdout.match(/^ +the fix +Remove the rule/gm)).toHaveLength(2);
  });

  test('the scans exit 0 for the secure outputs and 1 for the outputs without the guard', () => {
    const exits = [...run.stdout.matchAll(/→ exit (\d)/g)].map(m => Number(m[1]));
    expect(exits).toEqual([0, 1, 1, 1]);
  });

  test('the SARIF report is valid SARIF 2.1.0 with a public-ingress error for each cloud', () => {
    const log = JSON.parse(readFileSync(join(out, 'guardrails.sarif'), 'utf8'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results.map((r: any) => `${r.ruleId} ${r.level} ${r.locations[0].physicalLocation.artifactLocation.uri}`);
    expect(results).toEqual(expect.arrayContaining([
      expect.stringMatching(/^public-ingress error .*\/aws\/unguarded\/cdk\.out\/SupportSearch\.template\.json$/),
      expect.stringMatching(/^public-ingress error .*\/azure\/unguarded\/cdktf\.out\/stacks\/support-search\/cdk\.tf\.json$/),
    ]));
  });

  test('the Markdown report holds a mermaid diagram of each exposure', () => {
    const markdown = readFileSync(join(out, 'guardrails.md'), 'utf8');
    expect(markdown.match(/^```mermaid$/gm)).toHaveLength(2);
    expect(markdown).toContain('flowchart LR');
  });

  test('the secure apps wrote their outputs and the refused apps wrote no manifest', () => {
    expect(synthesized(join(out, 'aws', 'secure'))).toEqual(['cdk.out/SupportSearch.template.json', 'cdk.out/manifest.json']);
    expect(synthesized(join(out, 'azure', 'secure'))).toEqual(['cdktf.out/manifest.json', 'cdktf.out/stacks/support-search/cdk.tf.json']);
    expect(synthesized(join(out, 'aws', 'changed'))).toEqual([]);
    expect(synthesized(join(out, 'azure', 'changed'))).toEqual([]);
  });
});
