/**
 * What a pipeline meets: standard input, SARIF for GitHub code scanning from a subdirectory, plan-JSON
 * regions, the size-limit variable, the progress line. In-process (fast), plus one run of the built
 * binary reading a pipe.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { assertBuilt, BIN } from './cli-harness';
import { CliIo, runCli } from '../../src/cli/cli';
import { sarifSchemaErrors } from '../core/report/sarif-schema';

const FIXTURES = join(__dirname, '..', 'fixtures', 'cli');
const PLAN = join(FIXTURES, 'terraform', 'plan', 'plan.json');
const ALLOWLIST = join(FIXTURES, 'cloudformation', 'allowlist.template.json');

function io(options: { stdin?: string; stderrTTY?: boolean; env?: NodeJS.ProcessEnv; cwd?: string; progressAfterMs?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: options.stderrTTY },
    stdin: Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    progressAfterMs: options.progressAfterMs,
  };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

let work: string;
beforeAll(() => {
  // A repository with the same template in two environments, scanned from a subdirectory.
  work = mkdtempSync(join(tmpdir(), 'sg-pipelines-'));
  mkdirSync(join(work, '.git'));
  for (const env of ['dev', 'prod']) {
    mkdirSync(join(work, 'envs', env), { recursive: true });
    cpSync(ALLOWLIST, join(work, 'envs', env, 'search.template.json'));
  }
  mkdirSync(join(work, 'tools'));
  mkdirSync(join(work, 'plans'));
  cpSync(PLAN, join(work, 'plans', 'plan.json'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('standard input', () => {
  test.each(['-', '/dev/stdin'])('`scan %s` reads a plan from standard input and reports its findings', async (path) => {
    const run = io({ stdin: readFileSync(PLAN, 'utf8') });
    expect(await runCli(['scan', path, '--format', 'json'], run.io)).toBe(1);
    const report = JSON.parse(run.stdout());
    expect(report.findings.map((f: any) => `${f.ruleId} ${f.resource} ${f.file}`).sort()).toEqual([
      'public-ingress module.search.azurerm_network_security_rule.open (stdin)',
      'unverifiable-network module.search.azurerm_network_security_rule.office (stdin)',
    ]);
    expect(run.stderr()).toBe('');
  });

  test('empty standard input is an input error naming (stdin), exit code 2, and no clean report', async () => {
    const run = io({ stdin: '' });
    expect(await runCli(['scan', '-'], run.io)).toBe(2);
    expect(run.stderr()).toBe('search-guardrails: (stdin): is empty. Pipe a template or plan into it (`terraform show -json plan.out | search-guardrails scan -`), or name the files to scan.\n');
    expect(run.stdout()).not.toMatch(/^No findings\./);
  });

  test('a cdk.out manifest on standard input is refused with the directory to scan instead', async () => {
    const run = io({ stdin: JSON.stringify({ version: '48.0.0', artifacts: {} }) });
    expect(await runCli(['scan', '-'], run.io)).toBe(2);
    expect(run.stderr()).toBe('search-guardrails: (stdin): holds a cdk.out or cdktf.out manifest, whose templates are files beside it. Scan the directory instead (search-guardrails scan cdk.out).\n');
  });

  test('standard input larger than SEARCH_GUARDRAILS_MAX_FILE_BYTES is refused with the limit', async () => {
    const run = io({ stdin: readFileSync(PLAN, 'utf8'), env: { SEARCH_GUARDRAILS_MAX_FILE_BYTES: '100' } });
    expect(await runCli(['scan', '-'], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/^search-guardrails: \(stdin\): is \d+ bytes, larger than the limit of 100 bytes\. /);
  });

  test('a character device (/dev/null) is read as a stream, and the message carries no internal error code', async () => {
    const run = io();
    expect(await runCli(['scan', '/dev/null'], run.io)).toBe(2);
    expect(run.stderr()).toBe('search-guardrails: /dev/null: is empty. Pipe a template or plan into it (`terraform show -json plan.out | search-guardrails scan -`), or name the files to scan.\n');
  });

  test('the built binary reads `terraform show -json` piped into `scan -`', () => {
    assertBuilt();
    const result = spawnSync(process.execPath, [BIN, 'scan', '-'], { input: readFileSync(PLAN), encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('(stdin)\n  module.search.azurerm_network_security_rule.office (azurerm_network_security_rule)  line ');
    expect(result.stderr).toBe('');
  });
});

describe('SEARCH_GUARDRAILS_MAX_FILE_BYTES', () => {
  test.each(['abc', '0', '-5', '1.5', '10MB'])('%j is a usage error with exit code 2, not ignored', async (value) => {
    const run = io({ env: { SEARCH_GUARDRAILS_MAX_FILE_BYTES: value } });
    expect(await runCli(['scan', ALLOWLIST], run.io)).toBe(2);
    expect(run.stderr()).toBe(`search-guardrails: SEARCH_GUARDRAILS_MAX_FILE_BYTES=${JSON.stringify(value)} is not a positive whole number of bytes. Set it to e.g. 536870912 (512 MiB), or unset it for the default of 256 MiB.\n`);
    expect(run.stdout()).toBe('');
  });

  test('an empty value is the default, and a valid one applies', async () => {
    expect(await runCli(['scan', ALLOWLIST], io({ env: { SEARCH_GUARDRAILS_MAX_FILE_BYTES: '' } }).io)).toBe(0);
    const small = io({ env: { SEARCH_GUARDRAILS_MAX_FILE_BYTES: '10' } });
    expect(await runCli(['scan', ALLOWLIST], small.io)).toBe(2);
    expect(small.stderr()).toContain('larger than the limit of 10 bytes');
  });
});

describe('SARIF for GitHub code scanning', () => {
  async function sarif(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    const run = io({ cwd, env });
    await runCli(['scan', ...args, '--format', 'sarif', '--fail-on', 'never'], run.io);
    const log = JSON.parse(run.stdout());
    expect(sarifSchemaErrors(log)).toEqual([]);
    return log.runs[0];
  }

  test('`scan ../envs` from a subdirectory gives URIs relative to the repository root, which is the source root', async () => {
    const run = await sarif(['../envs'], join(work, 'tools'));
    const uris = run.results.map((r: any) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: 'envs/dev/search.template.json', uriBaseId: '%SRCROOT%' });
    expect(uris).toContainEqual({ uri: 'envs/prod/search.template.json', uriBaseId: '%SRCROOT%' });
    expect(JSON.stringify(run.results)).not.toContain('file://');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${work}/`);
  });

  test('GITHUB_WORKSPACE, when it holds the working directory, is the root', async () => {
    const run = await sarif(['search.template.json'], join(work, 'envs', 'dev'), { GITHUB_WORKSPACE: join(work, 'envs') });
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'dev/search.template.json', uriBaseId: '%SRCROOT%' });
  });

  test('the same template under envs/dev and envs/prod gives two results with different fingerprints', async () => {
    const run = await sarif(['envs'], work);
    const prints = run.results.map((r: any) => r.partialFingerprints['searchGuardrailsFinding/v2']);
    expect(prints).toHaveLength(2);
    expect(new Set(prints).size).toBe(2);
  });

  test('a plan-JSON finding has a region with the line of its resource', async () => {
    const run = await sarif(['plans/plan.json'], work);
    const open = run.results.find((r: any) => r.locations[0].logicalLocations[0].name === 'module.search.azurerm_network_security_rule.open');
    const line = readFileSync(PLAN, 'utf8').split('\n').findIndex(l => l.includes('"address": "module.search.azurerm_network_security_rule.open"')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(open.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'plans/plan.json', uriBaseId: '%SRCROOT%' }, region: { startLine: line } });
  });
});

describe('the progress line', () => {
  test('on a terminal, a scan past the threshold shows files read and resources checked on stderr, then erases it', async () => {
    const run = io({ stderrTTY: true, progressAfterMs: 0 });
    expect(await runCli(['scan', PLAN, ALLOWLIST], run.io)).toBe(1);
    expect(run.stderr()).toContain('\rsearch-guardrails: 2 files read, checking 6 resources...\u001b[K');
    expect(run.stderr().endsWith('\r\u001b[K')).toBe(true);
    expect(run.stdout()).not.toContain('files read');
  });

  test('it is off with --quiet, off when stderr is not a terminal, and off for a quick scan', async () => {
    const quiet = io({ stderrTTY: true, progressAfterMs: 0 });
    await runCli(['scan', PLAN, '--quiet'], quiet.io);
    const pipe = io({ stderrTTY: false, progressAfterMs: 0 });
    await runCli(['scan', PLAN], pipe.io);
    const quick = io({ stderrTTY: true });
    await runCli(['scan', PLAN], quick.io);
    expect([quiet.stderr(), pipe.stderr(), quick.stderr()]).toEqual(['', '', '']);
  });
});
