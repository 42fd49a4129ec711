import { parse as parseHcl } from '@cdktf/hcl2json';
import { azurermRule } from './azurerm-rule';
import { evaluateTerraformJson } from '../../../src/azure/guard/stack-guard';
import { terraformPlanDocument } from '../../../src/cli/readers/terraform-plan';
import { evaluate } from '../../../src/core/engine';
import { terraformJsonToDocument, TerraformDocumentInput, terraformToModel } from '../../../src/formats/terraform';
import { evaluateString } from '../../../src/formats/terraform/language/expression';
import { Unknown } from '../../../src/formats/terraform/language/values';

/**
 * Names from the input that are also names of `Object.prototype`: a resource, argument, map key or
 * local named so is one like any other (a `__proto__` rule was dropped while the configuration was
 * evaluated: neither judged nor reported, a silent pass).
 */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

const OPEN_RULE = azurermRule({ name: 'open', source_address_prefix: 'Internet', resource_group_name: 'rg' });

/** An Elasticsearch VM with a public IP in a subnet whose NSG has one standalone rule, `name`, open to the internet. */
function azureJson(name: string): Record<string, any> {
  const rule = { ...OPEN_RULE, network_security_group_name: '${azurerm_network_security_group.nsg.name}' };
  // Through JSON.parse: `{ [name]: ... }` in JSON text is a member, also for `__proto__` (as a reader sees it).
  return JSON.parse(JSON.stringify({
    resource: {
      azurerm_virtual_network: { vnet: { name: 'vnet', address_space: ['10.0.0.0/16'] } },
      azurerm_subnet: { s: { name: 's', virtual_network_name: 'vnet', address_prefixes: ['10.0.1.0/24'] } },
      azurerm_network_security_group: { nsg: { name: 'nsg' } },
      azurerm_subnet_network_security_group_association: {
        a: { subnet_id: '${azurerm_subnet.s.id}', network_security_group_id: '${azurerm_network_security_group.nsg.id}' },
      },
      azurerm_network_security_rule: { RULE: rule },
      azurerm_network_interface: {
        nic: { name: 'nic', ip_configuration: { name: 'c', subnet_id: '${azurerm_subnet.s.id}', public_ip_address_id: '${azurerm_public_ip.p.id}' } },
      },
      azurerm_public_ip: { p: { name: 'p' } },
      azurerm_linux_virtual_machine: {
        vm: { name: 'es', network_interface_ids: ['${azurerm_network_interface.nic.id}'], custom_data: '${base64encode("cluster.name: x")}' },
      },
    },
  }).replace('"RULE"', JSON.stringify(name)));
}

/** The same configuration as `terraform show -json` writes its plan. */
function azurePlan(name: string): Record<string, any> {
  const resource = (type: string, resourceName: string, values: Record<string, unknown>) => ({
    address: `${type}.${resourceName}`, mode: 'managed', type, name: resourceName, values,
  });
  const configured = (type: string, resourceName: string, expressions: Record<string, unknown>) => ({
    address: `${type}.${resourceName}`, mode: 'managed', type, name: resourceName, expressions,
  });
  const ref = (...references: string[]) => ({ references });
  return {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          resource('azurerm_virtual_network', 'vnet', { name: 'vnet', address_space: ['10.0.0.0/16'] }),
          resource('azurerm_subnet', 's', { name: 's', virtual_network_name: 'vnet', address_prefixes: ['10.0.1.0/24'] }),
          resource('azurerm_network_security_group', 'nsg', { name: 'nsg', security_rule: [] }),
          resource('azurerm_subnet_network_security_group_association', 'a', {}),
          resource('azurerm_network_security_rule', name, { ...OPEN_RULE, network_security_group_name: 'nsg' }),
          resource('azurerm_network_interface', 'nic', { name: 'nic', ip_configuration: [{ name: 'c' }] }),
          resource('azurerm_public_ip', 'p', { name: 'p' }),
          resource('azurerm_linux_virtual_machine', 'vm', { name: 'es', custom_data: Buffer.from('cluster.name: x').toString('base64') }),
        ],
      },
    },
    resource_changes: [
      { address: 'azurerm_subnet_network_security_group_association.a', change: { after_unknown: { subnet_id: true, network_security_group_id: true } } },
      { address: 'azurerm_network_interface.nic', change: { after_unknown: { ip_configuration: [{ subnet_id: true, public_ip_address_id: true }] } } },
      { address: 'azurerm_linux_virtual_machine.vm', change: { after_unknown: { network_interface_ids: true } } },
    ],
    configuration: {
      root_module: {
        resources: [
          configured('azurerm_subnet_network_security_group_association', 'a', {
            subnet_id: ref('azurerm_subnet.s.id', 'azurerm_subnet.s'),
            network_security_group_id: ref('azurerm_network_security_group.nsg.id', 'azurerm_network_security_group.nsg'),
          }),
          configured('azurerm_network_interface', 'nic', {
            ip_configuration: [{ subnet_id: ref('azurerm_subnet.s.id'), public_ip_address_id: ref('azurerm_public_ip.p.id') }],
          }),
          configured('azurerm_linux_virtual_machine', 'vm', { network_interface_ids: ref('azurerm_network_interface.nic.id') }),
        ],
      },
    },
  };
}

const awsHcl = (name: string) => `
resource "aws_security_group" "${name}" {
  ingress {
    from_port   = 9200
    to_port     = 9200
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}`;

function publicIngress(documents: TerraformDocumentInput[]): string[] {
  return evaluate(terraformToModel(documents)).findings.filter(f => f.ruleId === 'public-ingress').map(f => f.resource ?? '');
}

function ruleOrigins(document: TerraformDocumentInput): string[] {
  return terraformToModel([document]).firewalls.flatMap(f => f.rules.map(r => r.origin.resource));
}

describe.each(NAMES)('a resource named %s is read like any other', name => {
  const rule = `azurerm_network_security_rule.${name}`;

  test('in Terraform JSON, evaluated as the CLI evaluates it (module locals given)', () => {
    expect(publicIngress([terraformJsonToDocument(azureJson(name), { file: 'main.tf.json', moduleLocals: {} })])).toEqual([rule]);
  });

  test('in Terraform JSON read on its own', () => {
    expect(publicIngress([terraformJsonToDocument(azureJson(name), { file: 'main.tf.json' })])).toEqual([rule]);
  });

  test('with count and for_each: each instance is judged', () => {
    const json = azureJson(name);
    const body = json.resource.azurerm_network_security_rule[name];
    const counted = JSON.parse(JSON.stringify(json).replace('"name":"open","priority":100', '"count":2,"name":"open-${count.index}","priority":"${100 + count.index}"'));
    expect(ruleOrigins(terraformJsonToDocument(counted, { moduleLocals: {} }))).toEqual([`${rule}[0]`, `${rule}[1]`]);
    body.for_each = { [name]: 1 };
    body.name = '${each.key}';
    expect(ruleOrigins(terraformJsonToDocument(json, { moduleLocals: {} }))).toEqual([`${rule}[${JSON.stringify(name)}]`]);
    expect(publicIngress([terraformJsonToDocument(json, { moduleLocals: {} })])).toEqual([`${rule}[${JSON.stringify(name)}]`]);
  });

  test('in a plan', () => {
    expect(publicIngress([terraformPlanDocument(azurePlan(name), 'plan.json')])).toEqual([rule]);
  });

  test('in the cdktf guard\'s input (a stack\'s Terraform JSON)', () => {
    const findings = evaluateTerraformJson(azureJson(name), 'stack').findings.filter(f => f.ruleId === 'public-ingress');
    expect(findings.map(f => f.resource)).toEqual([rule]);
  });

  test('in HCL (through hcl2json), an AWS security group too', async () => {
    const json = await parseHcl('main.tf', awsHcl(name));
    expect(publicIngress([terraformJsonToDocument(json, { file: 'main.tf', moduleLocals: {} })])).toEqual([`aws_security_group.${name}`]);
  });
});

describe.each(NAMES)('a name %s inside expressions is a name like any other', name => {
  const value = (expression: string) => evaluateString(expression, { local: () => new Unknown('no locals') });

  test('an object key is a member, and indexing reads only members', () => {
    expect(value(`\${{"${name}" = "a"}["${name}"]}`)).toBe('a');
    expect(value(`\${{"other" = "a"}["${name}"]}`)).toBeInstanceOf(Unknown);
    expect(value(`\${lookup({"other" = "a"}, "${name}", "default")}`)).toBe('default');
    expect(value(`\${keys(merge({"${name}" = 1}, {"b" = 2}))}`)).toEqual([name, 'b'].sort());
  });

  test('a function of that name is not one this guard evaluates', () => {
    expect(value(`\${${name}("0.0.0.0/0")}`)).toBeInstanceOf(Unknown);
  });

  test('an undefined local of that name is unknown, a defined one is its value', () => {
    const base = JSON.parse(JSON.stringify(azureJson('open')).replace('"source_address_prefix":"Internet"', `"source_address_prefix":"\${local.${name}}"`));
    expect(publicIngress([terraformJsonToDocument(base, { moduleLocals: {} })])).toEqual([]);
    const model = terraformToModel([terraformJsonToDocument(base, { moduleLocals: {} })]);
    expect(evaluate(model).findings.map(f => f.ruleId)).toContain('unverifiable-network');
    // A computed key is a member (`{ __proto__: x }` would set the prototype).
    const defined = { ...base, locals: { [name]: 'Internet' } };
    expect(publicIngress([terraformJsonToDocument(defined, { moduleLocals: {} })]))
      .toEqual(['azurerm_network_security_rule.open']);
  });
});
