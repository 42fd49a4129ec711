/**
 * `npm run demo`: the December 2019 incident, replayed offline on AWS and Azure.
 *
 *   1. AWS CDK: a SecureSearchDomain app synthesizes; the same app after "the change" (a security
 *      group rule from 0.0.0.0/0 on 443) is refused by the guard.
 *   2. CDK for Terraform: a SecureElasticsearchCluster stack synthesizes; after the change (an NSG
 *      rule from Internet to 9200) it is refused.
 *   3. The built `search-guardrails scan` binary over synthesized outputs: the secure ones are clean
 *      (exit 0); the same change in apps that do not use the guard fails (exit 1), with SARIF and
 *      Markdown reports.
 *
 * Exit code 0 when everything behaved as expected, 1 when an expectation failed (named at the end),
 * 2 when the demo could not run (lib/ does not build). Options: `--out DIR` (default `demo-out/`).
 */
import { mkdirSync, rmSync } from 'fs';
import { isAbsolute, join, relative, resolve } from 'path';
import { compile, staleBuildReason } from './build';
import { Checklist } from './checklist';
import { runScanStep } from './scan-step';
import { showPassed, showRefused, showRefusedAgain } from './show-synthesis';
import { synthesize, synthesizedFiles } from './synthesis';
import { seconds, Terminal } from './terminal';

const REPO = resolve(__dirname, '..');

async function main(): Promise<number> {
  const start = Date.now();
  const term = new Terminal();
  const out = outputDirectory(process.argv.slice(2));
  const shown = (path: string) => displayPath(path);

  term.line(term.style('search-guardrails demo: the December 2019 incident, replayed offline on AWS and Azure', 'bold'));
  term.line();
  term.wrap('In December 2019 a change to a network security group left five Elasticsearch servers holding 250 million '
    + 'customer-support records reachable from the internet, with no authentication. The protections that would have '
    + 'caught it existed, but were not enabled for that database. Below, the same kind of change meets search-guardrails: '
    + 'first at synthesis, on each cloud, then in a pipeline.', 0);

  const stale = staleBuildReason(REPO);
  if (stale !== undefined) {
    term.line();
    term.wrap(`Building lib/ first (${stale}): npx projen compile, about 20-60 s ...`, 2, '  ');
    const failure = compile(REPO);
    if (failure !== undefined) {
      term.problem('The build failed, so the demo cannot run. Fix the build (npx projen compile shows the errors) and run npm run demo again. Its last lines:');
      failure.split('\n').forEach(line => term.line(`      ${line}`));
      return 2;
    }
    term.ok(`lib/ built in ${seconds(Date.now() - start)}`);
  }
  // Loaded only now, after the build: they import search-guardrails/aws and /azure, which resolve to lib/.
  // (A dynamic import() would stay an ES import under module node16 and miss ts-node's CommonJS hook.)
  /* eslint-disable @typescript-eslint/no-require-imports */
  const aws: typeof import('./aws-apps') = require('./aws-apps');
  const azure: typeof import('./azure-apps') = require('./azure-apps');
  /* eslint-enable @typescript-eslint/no-require-imports */

  for (const part of ['aws', 'azure', 'guardrails.sarif', 'guardrails.md']) {
    rmSync(join(out, part), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  const checks = new Checklist();
  const dir = (cloud: string, variant: string, name: string) => join(out, cloud, variant, name);

  term.heading('1/3  AWS CDK: SecureSearchDomain');
  term.wrap('The support team\'s app: a VPC, new SecureSearchDomain(stack, \'Support\', { vpc }), and app servers granted '
    + 'access with search.grantNetworkAccess(appServers). SearchGuardrails.enforce(app) is on (demo/aws-apps.ts).', 2);
  term.wrap(term.style('synthesizing (the first aws-cdk-lib synthesis of a process takes a while) ...', 'dim'), 4, '  ');
  const awsSecure = synthesize(dir('aws', 'secure', 'cdk.out'), outdir => aws.secureAwsApp(outdir).app.synth());
  showPassed(term, awsSecure, shown(awsSecure.outdir));
  checks.expect('AWS: the secure app synthesizes', awsSecure.passed, awsSecure.error);
  term.line();
  term.wrap(`The change: in another construct, someone adds new CfnSecurityGroupIngress(stack, '${aws.AWS_CHANGE_ID}', `
    + '{ groupId: search.securityGroup.securityGroupId, ipProtocol: \'tcp\', fromPort: 443, toPort: 443, cidrIp: \'0.0.0.0/0\' }).', 2);
  const awsChanged = synthesize(dir('aws', 'changed', 'cdk.out'), outdir => aws.changedAwsApp(outdir).synth());
  const awsPath = `${aws.AWS_STACK}/${aws.AWS_CHANGE_ID}`;
  expectRefusal(checks, 'AWS', awsChanged, showRefused(term, awsChanged), awsPath);

  term.heading('2/3  CDK for Terraform (azurerm): SecureElasticsearchCluster');
  term.wrap('The support team\'s stack: the AzurermProvider and new SecureElasticsearchCluster(stack, \'support\', '
    + '{ resourceGroupName, location }). SearchGuardrails.enforce(app) is on (demo/azure-apps.ts).', 2);
  const azureSecure = synthesize(dir('azure', 'secure', 'cdktf.out'), outdir => azure.secureAzureApp(outdir).app.synth());
  showPassed(term, azureSecure, shown(azureSecure.outdir));
  checks.expect('Azure: the secure stack synthesizes', azureSecure.passed, azureSecure.error);
  term.line();
  term.wrap('The change: another team adds a separate azurerm_network_security_rule, new NetworkSecurityRule(stack, '
    + `'${azure.AZURE_CHANGE_ID}', { networkSecurityGroupName: cluster.networkSecurityGroup.name, access: 'Allow', `
    + `sourceAddressPrefix: 'Internet', destinationPortRange: '9200', priority: ${azure.AZURE_CHANGE_PRIORITY}, ... }): `
    + 'ahead of the cluster\'s own Deny rules.', 2);
  const azureChanged = synthesize(dir('azure', 'changed', 'cdktf.out'), outdir => azure.changedAzureApp(outdir).synth());
  const azurePath = `${azure.AZURE_STACK}/${azure.AZURE_CHANGE_ID}`;
  const azureErrors = showRefused(term, azureChanged);
  expectRefusal(checks, 'Azure', azureChanged, azureErrors, azurePath);
  const skipping = synthesize(dir('azure', 'changed-skip-validation', 'cdktf.out'), outdir => azure.changedAzureApp(outdir, true).synth());
  const again = showRefusedAgain(term, skipping, 'With new App({ skipValidation: true }): ', azureErrors);
  checks.expect('Azure: skipValidation: true does not switch the guard off',
    !skipping.passed && again.some(e => e.ruleId === 'public-ingress' && e.path === azurePath) && synthesizedFiles(skipping.outdir).length === 0,
    skipping.passed ? 'it synthesized' : `the error was: ${skipping.error}`);

  term.heading('3/3  In the pipeline: search-guardrails scan');
  const reports = runScanStep(term, checks, {
    repo: REPO,
    shown,
    secureOutputs: [awsSecure, azureSecure].filter(o => o.passed).map(o => o.outdir),
    unguarded: {
      aws: () => synthesize(dir('aws', 'unguarded', 'cdk.out'), outdir => aws.unguardedAwsApp(outdir).synth()),
      azure: () => synthesize(dir('azure', 'unguarded', 'cdktf.out'), outdir => azure.unguardedAzureApp(outdir).synth()),
    },
    sarif: join(out, 'guardrails.sarif'),
    markdown: join(out, 'guardrails.md'),
  });

  term.heading('Result');
  for (const item of checks.all) {
    if (item.held) {
      term.ok(item.description);
    } else {
      term.refused(`${item.description}: ${term.style('did not hold', 'red', 'bold')}`);
      if (item.instead) {
        term.wrap(term.style(firstLines(item.instead), 'dim'), 6, '      ');
      }
    }
  }
  term.line();
  term.wrap(`Reports: ${shown(reports.sarif)} (SARIF 2.1.0, for code scanning), ${shown(reports.markdown)} `
    + '(Markdown with a Mermaid diagram per exposure, for a pull-request comment). Synthesized outputs: '
    + `${shown(join(out, 'aws'))}, ${shown(join(out, 'azure'))}. The apps: demo/aws-apps.ts, demo/azure-apps.ts.`, 2, '  ');
  term.line();
  const failed = checks.failed;
  if (failed.length === 0) {
    term.line(term.style(`Everything behaved as expected (${checks.all.length} checks, ${seconds(Date.now() - start)}).`, 'green', 'bold'));
    return 0;
  }
  term.line(term.style(`${failed.length} of ${checks.all.length} expectations did not hold: ${failed.map(f => f.description).join('; ')}.`, 'red', 'bold'));
  return 1;
}

/** The changed app must be refused, with public-ingress on the added rule, a fix, and no output written. */
function expectRefusal(checks: Checklist, cloud: string, outcome: ReturnType<typeof synthesize>,
  errors: { path: string; ruleId: string; fix?: string }[], path: string): void {
  const found = errors.find(e => e.ruleId === 'public-ingress' && e.path === path);
  checks.expect(`${cloud}: the changed app is refused with public-ingress at ${path}, with a fix`,
    !outcome.passed && found !== undefined && (found.fix ?? '') !== '',
    outcome.passed ? 'it synthesized' : `the error was: ${outcome.error}`);
  const written = synthesizedFiles(outcome.outdir);
  checks.expect(`${cloud}: the refused app wrote no manifest or template`, written.length === 0,
    `it wrote ${written.map(displayPath).join(', ')}`);
}

function outputDirectory(args: string[]): string {
  const at = args.indexOf('--out');
  if (at >= 0 && args[at + 1] !== undefined) {
    return resolve(args[at + 1]);
  }
  return join(REPO, 'demo-out');
}

/** Relative to the repository when inside it (the scans run there), else absolute. */
function displayPath(path: string): string {
  const rel = relative(REPO, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  return lines.slice(0, 4).join(' ') + (lines.length > 4 ? ' ...' : '');
}

main().then(code => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`demo: unexpected error, the demo could not finish: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
