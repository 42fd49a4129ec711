import { readFileSync } from 'fs';
import { join } from 'path';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { SearchGuardrails } from '../../../src/azure/search-guardrails';
import { openInternetRule, rule } from '../nsg-rules';

interface Fixture {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly nsg: NetworkSecurityGroup;
  readonly standalone: NetworkSecurityRule;
}

/** A stack with an NSG, a standalone rule joined by reference, a variable and an acknowledgement. */
function fixture(app: App, id = 'render'): Fixture {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const nsg = new NetworkSecurityGroup(stack, 'nsg', { name: 'es-nsg', location: 'westeurope', resourceGroupName: 'rg', securityRule: [rule()] });
  const office = new TerraformVariable(stack, 'office', { type: 'string' });
  const standalone = new NetworkSecurityRule(stack, 'office-rule', {
    name: 'office',
    priority: 120,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '9200',
    sourceAddressPrefix: office.stringValue,
    destinationAddressPrefix: '*',
    resourceGroupName: 'rg',
    networkSecurityGroupName: nsg.name,
  });
  SearchGuardrails.acknowledge(standalone, 'unverifiable-network', 'the office range is set by the pipeline to 10.8.0.0/16');
  return { app, stack, nsg, standalone };
}

function written(app: App, stack: TerraformStack): any {
  return JSON.parse(readFileSync(join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

function synthError(synth: () => unknown): string | undefined {
  try {
    synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Counts how often the NSG is rendered (each stack rendering renders each element once). */
function countRenderings(element: IConstruct & { toTerraform(): any }): { readonly count: number } {
  const counter = { count: 0 };
  const render = element.toTerraform.bind(element);
  Object.defineProperty(element, 'toTerraform', { value: () => { counter.count++; return render(); }, configurable: true });
  return counter;
}

describe('the guard renders the stack once per synthesis and shares it with the synthesizer', () => {
  test('the written cdk.tf.json is what a fresh toTerraform() gives, acknowledgement metadata included', () => {
    const { app, stack } = fixture(guarded(Testing.app()));
    app.synth();
    const file = written(app, stack);
    expect(file).toEqual(stack.toTerraform());
    expect(file.resource.azurerm_network_security_rule['office-rule'].source_address_prefix).toBe('${var.office}');
    expect(file['//']['search-guardrails'].acknowledgements).toHaveLength(1);
  });

  test('a guarded synthesis renders each element as often as an unguarded one', () => {
    const bare = fixture(Testing.app());
    const bareCount = countRenderings(bare.nsg);
    bare.app.synth();

    const guardedFixture = fixture(guarded(Testing.app()));
    const guardedCount = countRenderings(guardedFixture.nsg);
    guardedFixture.app.synth();

    // prepareStack renders once, the write once; the guard's evaluation is the write's rendering.
    expect(bareCount.count).toBe(2);
    expect(guardedCount.count).toBe(bareCount.count);
  });

  test('an escape-hatch override added after enforce is evaluated and written', () => {
    const app = guarded(Testing.app());
    const { stack, nsg } = fixture(app);
    nsg.addOverride('security_rule.0.source_address_prefix', '10.1.0.0/16');
    expect(synthError(() => app.synth())).toBeUndefined();
    expect(written(app, stack).resource.azurerm_network_security_group.nsg.security_rule[0].source_address_prefix).toBe('10.1.0.0/16');

    nsg.addOverride('security_rule.0.source_address_prefix', 'Internet');
    expect(synthError(() => app.synth())).toMatch(/\[render\/nsg\] public-ingress: .*Internet/);
  });

  test('an override made by an aspect added after enforce is evaluated and written', () => {
    const app = guarded(Testing.app());
    const { stack } = fixture(app);
    Aspects.of(stack).add({
      visit: (node: IConstruct) => {
        if (isNsg(node)) node.addOverride('security_rule.0.destination_port_range', '9300');
      },
    });
    app.synth();
    expect(written(app, stack).resource.azurerm_network_security_group.nsg.security_rule[0].destination_port_range).toBe('9300');

    const opened = guarded(Testing.app());
    Aspects.of(fixture(opened).stack).add({
      visit: (node: IConstruct) => {
        if (isNsg(node)) node.addOverride('security_rule.0.source_address_prefix', '*');
      },
    });
    expect(synthError(() => opened.synth())).toMatch(/\[render\/nsg\] public-ingress/);
  });

  test('a second app.synth() after a change evaluates and writes the changed stack', () => {
    const app = guarded(Testing.app());
    const { stack, nsg } = fixture(app);
    app.synth();
    expect(written(app, stack).resource.azurerm_network_security_group.nsg.security_rule[0].destination_port_range).toBe('9200');

    nsg.addOverride('security_rule.0.destination_port_range', '5601');
    app.synth();
    expect(written(app, stack).resource.azurerm_network_security_group.nsg.security_rule[0].destination_port_range).toBe('5601');

    openInternetRule(stack, nsg.name, 'rg');
    expect(synthError(() => app.synth())).toMatch(/\[render\/open\] public-ingress/);
  });

  test('no rendering outlives a failed synthesis: toTerraform() afterwards shows the stack as it is then', () => {
    const app = guarded(Testing.app());
    const { stack, nsg } = fixture(app);
    nsg.addOverride('security_rule.0.source_address_prefix', 'Internet');
    expect(synthError(() => app.synth())).toMatch(/public-ingress/);

    nsg.addOverride('security_rule.0.source_address_prefix', '10.2.0.0/16');
    expect(stack.toTerraform().resource.azurerm_network_security_group.nsg.security_rule[0].source_address_prefix).toBe('10.2.0.0/16');
    app.synth();
    expect(written(app, stack).resource.azurerm_network_security_group.nsg.security_rule[0].source_address_prefix).toBe('10.2.0.0/16');
  });

  test('toTerraform() after a successful synthesis renders afresh each time', () => {
    const app = guarded(Testing.app());
    const { stack, nsg } = fixture(app);
    app.synth();
    const first = stack.toTerraform();
    expect(stack.toTerraform()).not.toBe(first);
    nsg.addOverride('security_rule.0.priority', 105);
    expect(stack.toTerraform().resource.azurerm_network_security_group.nsg.security_rule[0].priority).toBe(105);
  });

  test('Testing.synth with and without validations, and Testing.fullSynth, see the stack as it is', () => {
    const app = Testing.app();
    const { stack, nsg } = fixture(app);
    SearchGuardrails.enforce(stack);
    expect(JSON.parse(Testing.synth(stack, true))).toEqual(JSON.parse(Testing.synth(stack)));

    const outdir = Testing.fullSynth(stack);
    expect(JSON.parse(readFileSync(join(outdir, 'stacks', 'render', 'cdk.tf.json'), 'utf8'))).toEqual(stack.toTerraform());

    nsg.addOverride('security_rule.0.source_address_prefix', '0.0.0.0/0');
    expect(JSON.parse(Testing.synth(stack)).resource.azurerm_network_security_group.nsg.security_rule[0].source_address_prefix).toBe('0.0.0.0/0');
    expect(synthError(() => Testing.synth(stack, true))).toMatch(/\[render\/nsg\] public-ingress/);
    expect(synthError(() => Testing.fullSynth(stack))).toMatch(/\[render\/nsg\] public-ingress/);
  });

  test('with HCL output the guard still evaluates, and keeps no rendering for a later toTerraform()', () => {
    const app = guarded(new App({ hclOutput: true, outdir: Testing.app().outdir }));
    const { stack, nsg } = fixture(app);
    app.synth();
    expect(readFileSync(join(app.outdir, 'stacks', 'render', 'cdk.tf'), 'utf8')).toMatch(/azurerm_network_security_group/);

    nsg.addOverride('security_rule.0.source_address_prefix', 'Internet');
    expect(stack.toTerraform().resource.azurerm_network_security_group.nsg.security_rule[0].source_address_prefix).toBe('Internet');
    expect(synthError(() => app.synth())).toMatch(/\[render\/nsg\] public-ingress/);
  });
});

function guarded(app: App): App {
  SearchGuardrails.enforce(app);
  return app;
}

function isNsg(node: IConstruct): node is NetworkSecurityGroup {
  return (node as Partial<NetworkSecurityGroup>).terraformResourceType === 'azurerm_network_security_group';
}
