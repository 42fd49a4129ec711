/**
 * The built binary on a hand-written CloudFormation template whose only exposure is a path: an
 * internet-facing ALB in front of an Elasticsearch node installed by a shell script, plus a nested
 * stack whose template is not in the input.
 */
import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { assertBuilt, BinRun, REPO, runBin } from './cli-harness';

const FIXTURE = 'alb-in-front.template.yaml';
let work: string;
let json: BinRun;
let markdown: BinRun;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'sg-scan-cfn-paths-'));
  cpSync(join(REPO, 'test', 'fixtures', 'cli', 'cloudformation-paths'), work, { recursive: true });
  json = runBin(['scan', FIXTURE, '--format', 'json'], { cwd: work });
  markdown = runBin(['scan', FIXTURE, '--format', 'markdown'], { cwd: work });
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the ALB path is public-endpoint at the listener, the missing nested template is unverifiable, and the scan fails', () => {
  expect(json.stderr).toBe('');
  expect(json.status).toBe(1);
  const findings = JSON.parse(json.stdout).findings as any[];
  expect(findings.map(f => `${f.ruleId} ${f.resource}`).sort()).toEqual([
    'anonymous-access EsNode',
    'public-endpoint HttpsListener',
    'transport-unencrypted EsNode',
    'unverifiable-network Network',
  ]);
  const endpoint = findings.find(f => f.ruleId === 'public-endpoint');
  expect(endpoint.message).toMatch(/^public-endpoint: internet-facing application load balancer Alb \(listener HttpsListener \(443\) -> target group EsTargets \(port 9200\)\) forwards to instance EsNode port 9200/);
  expect(endpoint.message).toContain('security group EsSg rule "tcp 9200 from security group AlbSg" admits the security groups of load balancer Alb');
  expect(endpoint.path.map((h: any) => h.kind)).toEqual(['source', 'entry-point', 'forward', 'filter', 'node']);
  expect(findings.find(f => f.ruleId === 'unverifiable-network').message)
    .toContain('nested stack Network (TemplateURL https://s3.amazonaws.com/templates-bucket/network.yaml), whose template is not in the input,');
  // The user data appends xpack.security.enabled: false after installing Elasticsearch.
  expect(findings.find(f => f.ruleId === 'anonymous-access').message).toContain('xpack.security.enabled');
});

test('the Markdown report draws the path from the internet through the load balancer to the node', () => {
  expect(markdown.status).toBe(1);
  expect(markdown.stdout).toContain('```mermaid');
  expect(markdown.stdout).toMatch(/Alb[\s\S]*EsNode/);
});
