import * as fs from 'fs';
import * as path from 'path';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkSecurityGroup, NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, Aspects, IAspect, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { stringify as toYaml } from 'yaml';
import { openInternetRule, rule } from './nsg-rules';
import { evaluateStack } from '../../src/azure/guard/stack-guard';
import { SearchGuardrails } from '../../src/azure/search-guardrails';
import { SecureElasticsearchCluster } from '../../src/azure/secure-elasticsearch-cluster';

function stackWith(app: App, id: string, rules: NetworkSecurityGroupSecurityRule[]): { stack: TerraformStack; nsg: NetworkSecurityGroup } {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const nsg = new NetworkSecurityGroup(stack, 'nsg', { name: 'es-nsg', location: 'westeurope', resourceGroupName: 'rg', securityRule: rules });
  return { stack, nsg };
}

/** Synthesizes the app; returns the error message, or undefined when synthesis passes. */
function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function guardedApp(): App {
  const app = Testing.app();
  SearchGuardrails.enforce(app);
  return app;
}

describe('SearchGuardrails.enforce', () => {
  test('cdktf 0.21 never runs an aspect added to the App, so the guard cannot rely on one', () => {
    const app = Testing.app();
    const visited: string[] = [];
    const recorder: IAspect = { visit: (node: IConstruct) => { visited.push(node.node.path); } };
    Aspects.of(app).add(recorder);
    const { stack } = stackWith(app, 'plain', [rule()]);
    const stackVisits: string[] = [];
    Aspects.of(stack).add({ visit: (node: IConstruct) => { stackVisits.push(node.node.path); } });
    app.synth();
    expect(visited).toEqual([]);
    expect(stackVisits).toContain('plain/nsg');
  });

  test('an NSG rule that admits the Internet to port 9200 fails app.synth() at the NSG construct path', () => {
    const app = guardedApp();
    stackWith(app, 'open', [rule({ sourceAddressPrefix: 'Internet' })]);
    expect(synthError(app)).toMatch(/\[open\/nsg\] public-ingress: .*Internet/);
  });

  test('skipping validations does not help: the findings become error annotations that fail synthesis', () => {
    const app = new App({ skipValidation: true, outdir: Testing.app().outdir });
    SearchGuardrails.enforce(app);
    stackWith(app, 'open', [rule({ sourceAddressPrefix: 'Internet' })]);
    expect(synthError(app)).toMatch(/\[open\/nsg\] public-ingress: .*Internet/);
  });

  test('skipping validations does not hide what an aspect added after enforce changes: the stack is evaluated after every aspect', () => {
    const app = new App({ skipValidation: true, outdir: Testing.app().outdir });
    SearchGuardrails.enforce(app);
    const { stack } = stackWith(app, 'late', [rule()]);
    Aspects.of(stack).add({
      visit: (node: IConstruct) => {
        if ((node as Partial<NetworkSecurityGroup>).terraformResourceType === 'azurerm_network_security_group') {
          (node as NetworkSecurityGroup).addOverride('security_rule.0.source_address_prefix', 'Internet');
        }
      },
    });
    expect(synthError(app)).toMatch(/\[late\/nsg\] public-ingress: .*Internet/);
  });

  test('skipping validations does not help with a synthesizer assigned to the stack after enforce', () => {
    const app = new App({ skipValidation: true, outdir: Testing.app().outdir });
    const { stack } = stackWith(app, 'open', [rule({ sourceAddressPrefix: 'Internet' })]);
    SearchGuardrails.enforce(app);
    // A fresh synthesizer of cdktf's own class (not exported), assigned after the guard was attached.
    const Synthesizer = (stack.synthesizer as any).constructor;
    stack.synthesizer = new Synthesizer(stack, false, false);
    expect(synthError(app)).toMatch(/\[open\/nsg\] public-ingress: .*Internet/);
  });

  test('enforce adds no aspect to a stack (cdktf invokes an aspect on every construct)', () => {
    const app = Testing.app();
    const before = new TerraformStack(app, 'before');
    SearchGuardrails.enforce(app);
    const after = new TerraformStack(app, 'after');
    app.synth();
    expect(Aspects.of(before).all).toHaveLength(0);
    expect(Aspects.of(after).all).toHaveLength(0);
  });

  test('skipping validations and ignoring error annotations still does not help: the guard throws itself', () => {
    const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = '1';
    try {
      const app = new App({ skipValidation: true, outdir: Testing.app().outdir });
      SearchGuardrails.enforce(app);
      stackWith(app, 'open', [rule({ sourceAddressPrefix: 'Internet' })]);
      expect(synthError(app)).toMatch(/^search-guardrails refuses to synthesize stack open: .*\n\[open\/nsg\] public-ingress: /s);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
    }
  });

  test('a private source passes', () => {
    const app = guardedApp();
    stackWith(app, 'private', [rule(), rule({ name: 'subnet', priority: 110, sourceAddressPrefix: '10.20.0.0/16' })]);
    expect(synthError(app)).toBeUndefined();
  });

  test('a stack created after enforce is guarded too, and so is the one created before', () => {
    const app = Testing.app();
    stackWith(app, 'before', [rule({ sourceAddressPrefix: '*' })]);
    SearchGuardrails.enforce(app);
    stackWith(app, 'after', [rule({ sourceAddressPrefix: '0.0.0.0/0', destinationPortRange: '9300' })]);
    const error = synthError(app);
    expect(error).toMatch(/\[before\/nsg\] public-ingress/);
    // Stacks synthesize in order and the first failure stops synthesis: check the later one alone.
    const later = Testing.app();
    SearchGuardrails.enforce(later);
    stackWith(later, 'after', [rule({ sourceAddressPrefix: '0.0.0.0/0', destinationPortRange: '9300' })]);
    expect(synthError(later)).toMatch(/\[after\/nsg\] public-ingress: .*0\.0\.0\.0\/0/);
  });

  test('calling enforce twice reports each finding once', () => {
    const app = Testing.app();
    SearchGuardrails.enforce(app);
    stackWith(app, 'twice', [rule({ sourceAddressPrefix: 'Internet' })]);
    SearchGuardrails.enforce(app);
    const error = synthError(app)!;
    expect(error.match(/public-ingress:/g)).toHaveLength(1);
  });

  test('enforce on a stack guards that stack (what SecureElasticsearchCluster does)', () => {
    const app = Testing.app();
    const { stack } = stackWith(app, 'single', [rule({ sourceAddressPrefix: 'Internet' })]);
    SearchGuardrails.enforce(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/\[single\/nsg\] public-ingress/);
  });
});

describe('network rules, as Terraform will receive them', () => {
  test.each([
    ['a deny of the Internet at a lower number shadows a later allow of *', [
      rule({ name: 'deny', priority: 100, access: 'Deny', sourceAddressPrefix: 'Internet', destinationPortRange: '*' }),
      rule({ name: 'all', priority: 200, sourceAddressPrefix: '*' }),
    ], undefined],
    ['an allow at a lower number wins over a later deny', [
      rule({ name: 'deny', priority: 200, access: 'Deny', sourceAddressPrefix: 'Internet' }),
      rule({ name: 'all', priority: 100, sourceAddressPrefix: '*' }),
    ], /public-ingress/],
    ['a deny that covers half of the internet leaves the other half open', [
      rule({ name: 'deny', priority: 100, access: 'Deny', sourceAddressPrefix: '0.0.0.0/1' }),
      rule({ name: 'all', priority: 200, sourceAddressPrefix: 'Internet' }),
    ], /public-ingress/],
    ['an augmented prefix list that hides 0.0.0.0/0 among private ranges', [
      rule({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ['10.0.0.0/8', '0.0.0.0/0'] }),
    ], /public-ingress: .*0\.0\.0\.0\/0/],
    ['a port list whose range covers 9300', [
      rule({ destinationPortRange: undefined, destinationPortRanges: ['80', '9000-9400'], sourceAddressPrefix: 'Internet' }),
    ], /public-ingress/],
    ['a broad public service tag (AzureCloud)', [rule({ sourceAddressPrefix: 'AzureCloud' })], /public-ingress: .*AzureCloud/],
    ['a UDP rule cannot reach a TCP port', [rule({ protocol: 'Udp', sourceAddressPrefix: 'Internet' })], undefined],
    ['an outbound rule never exposes', [rule({ direction: 'Outbound', sourceAddressPrefix: 'Internet' })], undefined],
  ])('%s', (_name, rules, expected) => {
    const app = guardedApp();
    stackWith(app, 'rules', rules as NetworkSecurityGroupSecurityRule[]);
    const error = synthError(app);
    if (expected) expect(error).toMatch(expected as RegExp); else expect(error).toBeUndefined();
  });

  test('a small public allowlist is a warning, not a failure', () => {
    const app = guardedApp();
    const { nsg } = stackWith(app, 'allowlist', [rule({ sourceAddressPrefix: '8.8.8.0/28' })]);
    expect(synthError(app)).toBeUndefined();
    expect(nsg.node.metadata.map(m => String(m.data))).toEqual(expect.arrayContaining([expect.stringMatching(/^public-allowlist: .*8\.8\.8\.0\/28/)]));
  });

  test('a standalone rule joined by reference fails at its own construct path', () => {
    const app = guardedApp();
    const { stack, nsg } = stackWith(app, 'standalone', [rule()]);
    openInternetRule(stack, nsg.name, 'rg');
    expect(synthError(app)).toMatch(/\[standalone\/open\] public-ingress/);
  });

  test('an escape-hatch override that opens a compliant rule is caught', () => {
    const app = guardedApp();
    const { nsg } = stackWith(app, 'override', [rule()]);
    nsg.addOverride('security_rule.0.source_address_prefix', 'Internet');
    expect(synthError(app)).toMatch(/\[override\/nsg\] public-ingress/);
  });

  test('a TerraformVariable as a source fails closed, and an acknowledgement with a reason accepts it', () => {
    const app = guardedApp();
    const { stack } = stackWith(app, 'variable', []);
    const office = new TerraformVariable(stack, 'office', { type: 'string' });
    const nsg = new NetworkSecurityGroup(stack, 'varnsg', { name: 'v', location: 'westeurope', resourceGroupName: 'rg', securityRule: [rule({ sourceAddressPrefix: office.stringValue })] });
    expect(synthError(app)).toMatch(/\[variable\/varnsg\] unverifiable-network: .*var\.office/);

    SearchGuardrails.acknowledge(nsg, 'unverifiable-network', 'the office range is set by the pipeline to 10.8.0.0/16');
    expect(synthError(app)).toBeUndefined();
    expect(stack.toTerraform()['//']['search-guardrails']).toEqual({
      acknowledgements: [{
        ruleId: 'unverifiable-network', reason: 'the office range is set by the pipeline to 10.8.0.0/16', constructPath: 'variable/varnsg',
      }],
    });
  });

  test('an acknowledgement of public-ingress does not help, and the error says it cannot be acknowledged', () => {
    const app = guardedApp();
    const { nsg } = stackWith(app, 'refused', [rule({ sourceAddressPrefix: 'Internet' })]);
    SearchGuardrails.acknowledge(nsg, 'public-ingress', 'the demo must be reachable from anywhere');
    expect(synthError(app)).toMatch(/\[refused\/nsg\] public-ingress: .*public-ingress cannot be acknowledged/);
  });

  test('acknowledge rejects an unknown rule id and a short reason at once', () => {
    const app = Testing.app();
    const { nsg } = stackWith(app, 'bad', []);
    expect(() => SearchGuardrails.acknowledge(nsg, 'open-door', 'because we said so')).toThrow(/"open-door" is no rule id/);
    expect(() => SearchGuardrails.acknowledge(nsg, 'public-allowlist', 'ok')).toThrow(/too short/);
  });
});

describe('cluster configuration read from the boot data', () => {
  const customData = (settings: Record<string, unknown>) => Buffer.from(`#cloud-config\n${toYaml({
    write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: toYaml(settings) }],
  })}`).toString('base64');

  function vmStack(app: App, id: string, settings: Record<string, unknown>): TerraformStack {
    const { stack } = stackWith(app, id, [rule()]);
    new LinuxVirtualMachine(stack, 'node', {
      name: 'es-0',
      location: 'westeurope',
      resourceGroupName: 'rg',
      size: 'Standard_D2s_v5',
      adminUsername: 'esadmin',
      networkInterfaceIds: [],
      customData: customData(settings),
      osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS' },
      adminSshKey: [{ username: 'esadmin', publicKey: 'ssh-rsa AAAA' }],
    });
    return stack;
  }

  test('security switched off is anonymous-access, which no acknowledgement accepts', () => {
    const app = guardedApp();
    const stack = vmStack(app, 'nosec', { 'xpack.security.enabled': false, 'xpack.security.http.ssl.enabled': true, 'xpack.security.transport.ssl.enabled': true });
    SearchGuardrails.acknowledge(stack, 'anonymous-access', 'internal test cluster only');
    expect(synthError(app)).toMatch(/\[nosec\/node\] anonymous-access: .*xpack\.security\.enabled/);
  });

  test('TLS off on HTTP is transport-unencrypted, which an acknowledgement with a reason accepts', () => {
    const app = guardedApp();
    const stack = vmStack(app, 'notls', { 'xpack.security.enabled': true, 'xpack.security.http.ssl.enabled': false, 'xpack.security.transport.ssl.enabled': true });
    expect(synthError(app)).toMatch(/\[notls\/node\] transport-unencrypted/);
    SearchGuardrails.acknowledge(stack.node.findChild('node'), 'transport-unencrypted', 'TLS terminates on a sidecar proxy on each node');
    expect(synthError(app)).toBeUndefined();
  });
});

describe('what a plain app.synth() shows', () => {
  /** Runs `fn` with stderr captured and CDKTF_OUTDIR as given (the cdktf CLI sets it). */
  function capturingStderr(outdir: string | undefined, fn: () => void): string {
    const saved = process.env.CDKTF_OUTDIR;
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    if (outdir === undefined) delete process.env.CDKTF_OUTDIR; else process.env.CDKTF_OUTDIR = outdir;
    try {
      fn();
      return spy.mock.calls.map(c => String(c[0])).join('');
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR; else process.env.CDKTF_OUTDIR = saved;
      spy.mockRestore();
    }
  }

  test('a warning finding is written to stderr under a plain app.synth(), naming the construct', () => {
    const app = guardedApp();
    stackWith(app, 'allowlist', [rule({ sourceAddressPrefix: '8.8.8.0/28' })]);
    const stderr = capturingStderr(undefined, () => app.synth());
    expect(stderr).toMatch(/^\[WARNING\] \[allowlist\/nsg\] public-allowlist: .*8\.8\.8\.0\/28/m);
  });

  test('under the cdktf CLI (CDKTF_OUTDIR set) the guard leaves printing the warning annotations to the CLI', () => {
    const app = guardedApp();
    const { nsg } = stackWith(app, 'allowlist', [rule({ sourceAddressPrefix: '8.8.8.0/28' })]);
    const stderr = capturingStderr(app.outdir, () => app.synth());
    expect(stderr).not.toContain('public-allowlist');
    expect(nsg.node.metadata.map(m => String(m.data))).toEqual(expect.arrayContaining([expect.stringMatching(/^public-allowlist: /)]));
  });

  test('an acknowledgement that matches nothing is a warning naming it', () => {
    const app = guardedApp();
    const { nsg } = stackWith(app, 'unused', [rule()]);
    SearchGuardrails.acknowledge(nsg, 'public-allowlist', 'the office NAT range, reviewed 2026-11');
    const stderr = capturingStderr(undefined, () => app.synth());
    expect(stderr).toContain('[WARNING] [unused/nsg] search-guardrails: the acknowledgement of public-allowlist at unused/nsg ("the office NAT range, reviewed 2026-11") matches no finding in its subtree.');
  });

  test('a failing guard closes with its own hint, not cdktf\'s "pass skipValidation: true"', () => {
    const app = guardedApp();
    stackWith(app, 'open', [rule({ sourceAddressPrefix: 'Internet' })]);
    const error = synthError(app)!;
    expect(error).toMatch(/\[open\/nsg\] public-ingress: /);
    expect(error).not.toContain("'skipValidation: true'");
    expect(error).toContain('search-guardrails: skipValidation does not skip these findings');
  });
});

describe('the README acknowledgement example', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf-8');

  /** The README's Azure usage, with its office rule, acknowledged or not. */
  function readmeApp(acknowledge: boolean) {
    const app = guardedApp();
    const stack = new TerraformStack(app, 'search');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    const es = new SecureElasticsearchCluster(stack, 'es', { resourceGroupName: 'search-rg', location: 'westeurope' });
    // As in the README (written there on fewer lines).
    const office = new NetworkSecurityRule(stack, 'office', {
      name: 'office',
      priority: 200,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationPortRange: '9200',
      sourceAddressPrefix: '81.2.69.160/32',
      destinationAddressPrefix: '*',
      resourceGroupName: 'search-rg',
      networkSecurityGroupName: es.networkSecurityGroup.name,
    });
    if (acknowledge) SearchGuardrails.acknowledge(office, 'public-allowlist', 'office NAT address 81.2.69.160, reviewed 2026-11');
    return evaluateStack(stack);
  }

  test('the README shows the rule and the acknowledgement this test builds', () => {
    expect(readme).toContain("sourceAddressPrefix: '81.2.69.160/32'");
    expect(readme).toContain("SearchGuardrails.acknowledge(office, 'public-allowlist', 'office NAT address 81.2.69.160, reviewed 2026-11');");
  });

  test('without the acknowledgement the office rule is a public-allowlist warning', () => {
    expect(readmeApp(false).findings.map(f => [f.ruleId, f.constructPath])).toEqual([['public-allowlist', 'search/office']]);
  });

  test('the acknowledgement accepts exactly that finding and matches something', () => {
    const result = readmeApp(true);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => [f.ruleId, f.constructPath])).toEqual([['public-allowlist', 'search/office']]);
    expect(result.unmatchedAcknowledgements).toEqual([]);
  });
});
