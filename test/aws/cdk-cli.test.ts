import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs the real `cdk synth` (aws-cdk package) on an example app of test/fixtures/aws. */
function cdkSynth(fixture: string, env: Record<string, string> = {}): { status: number | null; output: string; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-guardrails-cdk-'));
  const result = spawnSync('npx', [
    'cdk', 'synth', '--no-notices', '--quiet', '--output', outdir,
    '--app', `npx ts-node --transpile-only ${path.join('test/fixtures/aws', fixture)}`,
  ], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, ...env, NODE_ENV: 'production', CDK_DISABLE_VERSION_CHECK: '1' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, outdir };
}

describe('the real cdk CLI', () => {
  test('cdk synth of the insecure example exits non-zero and prints the rule and the construct path', () => {
    const { status, output } = cdkSynth('insecure-app.ts');
    expect(status).not.toBe(0);
    expect(output).toContain('public-ingress:');
    expect(output).toContain('InsecureSearch/Support/SecurityGroup/Resource');
  });

  test('cdk synth of the secure example exits 0 and writes its template', () => {
    const { status, output, outdir } = cdkSynth('secure-app.ts');
    expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
    expect(fs.existsSync(path.join(outdir, 'SecureSearch.template.json'))).toBe(true);
  });

  test.each([
    ['one Stage', 'stage', '[Prod/Search/Public/Resource] public-endpoint:'],
    ['a Stage nested in a Stage', 'nested', '[Outer/Prod/Search/Public/Resource] public-endpoint:'],
    ['a Stage that a CDK Pipelines CodePipeline synthesizes early (addStage)', 'pipeline', '[Prod/Search/Public/Resource] public-endpoint:'],
  ])('a plain cdk synth exits non-zero when every stack lives in %s, created after enforce', (_shape, shape, expected) => {
    const { status, output } = cdkSynth('staged-app.ts', { STAGED_APP_SHAPE: shape });
    expect(status).not.toBe(0);
    expect(output).toContain(expected);
    expect(output).not.toContain('Successfully synthesized');
  });

  test('a plain cdk synth of the CDK Pipelines shape with a SecureSearchDomain in the Stage exits 0', () => {
    const { status, output } = cdkSynth('staged-app.ts', { STAGED_APP_SHAPE: 'pipeline', STAGED_APP_SECURE: '1' });
    expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
  });

  test('grantNetworkAccess(Peer.anyIpv4()) under cdk synth prints the public-ingress message and no line of library source', () => {
    const { status, output } = cdkSynth('public-grant-app.ts');
    expect(status).not.toBe(0);
    expect(output).toContain('public-ingress: network access from 0.0.0.0/0 to search domain PublicGrant/Search port 443 (HTTPS) is refused');
    expect(output).not.toMatch(/src[\\/]aws[\\/]|lib[\\/]aws[\\/]/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
