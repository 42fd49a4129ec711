import * as fs from 'fs';
import * as path from 'path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify as toYaml } from 'yaml';
import { azurermRule } from './azurerm-rule';
import { Firewall, IngressRule, InfrastructureModel } from '../../../src/core/model/model';
import {
  acknowledgementsFromTerraformJson, CLUSTER_TAG, terraformJsonToDocument, terraformToModel,
} from '../../../src/formats/terraform';

const rule = azurermRule;

function modelOf(json: unknown, options: { file?: string; extraPorts?: number[] } = {}): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument(json, { file: options.file })], { extraPorts: options.extraPorts });
}

function nsgJson(rules: unknown[], extra: Record<string, unknown> = {}) {
  return {
    resource: {
      azurerm_network_security_group: {
        es: { 'name': 'es-nsg', 'location': 'westeurope', 'resource_group_name': 'rg', 'security_rule': rules, '//': { metadata: { path: 'app/es', uniqueId: 'es' } } },
      },
      ...extra,
    },
  };
}

function onlyFirewall(model: InfrastructureModel): Firewall {
  expect(model.firewalls).toHaveLength(1);
  return model.firewalls[0];
}

function ruleNamed(firewall: Firewall, name: string): IngressRule {
  const found = firewall.rules.find(r => r.name === name);
  if (!found) throw new Error(`no rule ${name} in ${firewall.rules.map(r => r.name).join(', ')}`);
  return found;
}

describe('terraformJsonToDocument', () => {
  test('it reads cdktf output with construct paths from the // metadata and the stack name', () => {
    const document = terraformJsonToDocument({ '//': { metadata: { stackName: 'prod' } }, ...nsgJson([rule()]) }, { file: 'cdk.tf.json' });
    expect(document.stack).toBe('prod');
    expect(document.resources).toEqual([expect.objectContaining({
      address: 'azurerm_network_security_group.es', constructPath: 'app/es', file: 'cdk.tf.json', stack: 'prod',
    })]);
    expect(document.resources[0].values['//']).toBeUndefined();
  });

  test('camelCase construct input is normalised to snake_case, but tag keys are left as written', () => {
    const document = terraformJsonToDocument({
      resource: { azurerm_network_security_group: { es: { resourceGroupName: 'rg', tags: { CostCenter: 'x' }, securityRule: [{ sourceAddressPrefix: 'Internet' }] } } },
    });
    expect(document.resources[0].values).toEqual({ resource_group_name: 'rg', tags: { CostCenter: 'x' }, security_rule: [{ source_address_prefix: 'Internet' }] });
  });

  test('the array-of-blocks shape that hcl2json produces from .tf reads like the object shape', async () => {
    const json = await parseHcl('open-nsg.tf', fs.readFileSync(path.join(__dirname, '../../fixtures/azure/open-nsg.tf'), 'utf8'));
    const document = terraformJsonToDocument(json, { file: 'open-nsg.tf' });
    expect(document.variables).toEqual(['office']);
    const firewall = onlyFirewall(terraformToModel([document]));
    expect(firewall.location.resource).toBe('azurerm_network_security_group.es');
    const office = ruleNamed(firewall, 'allow-office');
    expect(office.sources).toEqual([expect.objectContaining({ kind: 'unknown', reason: expect.stringContaining('var.office') })]);
    expect(office.ports.known && office.ports.value.toString()).toBe('9200, 9300-9301');
    const open = ruleNamed(firewall, 'open-to-internet');
    expect(open.origin.resource).toBe('azurerm_network_security_rule.open');
    expect(open.sources).toEqual([{ kind: 'service-tag', tag: 'Internet' }]);
    expect(open.protocol).toEqual({ known: true, value: 'all' });
  });
});

describe('terraformToModel: network security groups', () => {
  test('an inline rule becomes an ingress rule with access, priority, protocol, ports and sources', () => {
    const firewall = onlyFirewall(modelOf(nsgJson([rule({ source_address_prefixes: ['203.0.113.0/24', 'AzureCloud.westeurope'], source_address_prefix: null })])));
    expect(firewall.kind).toBe('azure-network-security-group');
    const r = ruleNamed(firewall, 'allow-es');
    expect(r.access).toEqual({ known: true, value: 'allow' });
    expect(r.priority).toEqual({ known: true, value: 100 });
    expect(r.protocol).toEqual({ known: true, value: 'tcp' });
    expect(r.ports.known && r.ports.value.has(9200)).toBe(true);
    expect(r.sources).toEqual([
      expect.objectContaining({ kind: 'addresses', text: '203.0.113.0/24' }),
      { kind: 'service-tag', tag: 'AzureCloud.westeurope' },
    ]);
  });

  test('outbound rules are left out and * or Any stay service tags', () => {
    const firewall = onlyFirewall(modelOf(nsgJson([
      rule({ name: 'out', direction: 'Outbound', source_address_prefix: '*' }),
      rule({ name: 'star', source_address_prefix: '*' }),
      rule({ name: 'any', source_address_prefix: 'Any', priority: 101 }),
    ])));
    expect(firewall.rules.map(r => r.name)).toEqual(['star', 'any']);
    expect(ruleNamed(firewall, 'star').sources).toEqual([{ kind: 'service-tag', tag: '*' }]);
  });

  test('application security groups are private sources whatever their id expression', () => {
    const r = ruleNamed(onlyFirewall(modelOf(nsgJson([rule({ source_address_prefix: null, source_application_security_group_ids: ['${azurerm_application_security_group.clients.id}'] })]))), 'allow-es');
    expect(r.sources).toEqual([expect.objectContaining({ kind: 'private' })]);
  });

  test('standalone rules join their group by reference, or by literal name and resource group', () => {
    const model = modelOf(nsgJson([rule()], {
      azurerm_network_security_rule: {
        byRef: { ...rule({ name: 'by-ref', priority: 200 }), network_security_group_name: '${azurerm_network_security_group.es.name}', resource_group_name: 'rg' },
        byName: { ...rule({ name: 'by-name', priority: 201 }), network_security_group_name: 'es-nsg', resource_group_name: 'rg' },
        otherGroup: { ...rule({ name: 'other-rg', priority: 202 }), network_security_group_name: 'es-nsg', resource_group_name: 'elsewhere' },
      },
    }));
    expect(model.firewalls).toHaveLength(2);
    expect(model.firewalls[0].rules.map(r => `${r.name}@${r.origin.resource}`)).toEqual([
      'allow-es@azurerm_network_security_group.es',
      'by-ref@azurerm_network_security_rule.byRef',
      'by-name@azurerm_network_security_rule.byName',
    ]);
    // A rule whose group is not in the input still counts, as a firewall of its own.
    expect(model.firewalls[1].location.resource).toBe('azurerm_network_security_rule.otherGroup');
    expect(model.firewalls[1].rules.map(r => r.name)).toEqual(['other-rg']);
  });

  test('a standalone rule by literal name joins every group of that name whose resource group may be its own, and no group of another name', () => {
    const model = modelOf({
      resource: {
        azurerm_network_security_group: {
          a: { name: 'shared', resource_group_name: 'rg-a' },
          b: { name: 'shared', resource_group_name: 'rg-b' },
          c: { name: 'shared', resource_group_name: '${var.rg}' },
          d: { name: 'other', resource_group_name: 'rg-a' },
          e: { name: '${var.name}', resource_group_name: 'rg-a' },
        },
        azurerm_network_security_rule: {
          r: { ...rule({ name: 'r' }), network_security_group_name: 'shared', resource_group_name: 'rg-a' },
        },
      },
    });
    const rulesOf = Object.fromEntries(model.firewalls.map(f => [f.location.resource, f.rules.map(r => r.name)]));
    expect(rulesOf).toEqual({
      'azurerm_network_security_group.a': ['r'],
      'azurerm_network_security_group.b': [],
      'azurerm_network_security_group.c': ['r'],
      'azurerm_network_security_group.d': [],
      'azurerm_network_security_group.e': [],
    });
  });

  test('a reference to a subnet is a network source holding its literal address prefixes', () => {
    const r = ruleNamed(onlyFirewall(modelOf(nsgJson([rule({ source_address_prefix: null, source_address_prefixes: '${azurerm_subnet.clients.address_prefixes}' })], {
      azurerm_subnet: { clients: { name: 'clients', address_prefixes: ['10.1.0.0/24', '10.2.0.0/24'] } },
    }))), 'allow-es');
    expect(r.sources).toHaveLength(1);
    const source = r.sources[0];
    expect(source.kind === 'network' && source.addresses?.toString()).toBe('10.1.0.0/24, 10.2.0.0/24');
  });

  test.each([
    ['a Terraform variable', { source_address_prefix: '${var.office}' }, 'sources', 'var.office'],
    ['a data source', { source_address_prefix: '${data.azurerm_subnet.x.address_prefix}' }, 'sources', 'data source'],
    ['a local value', { destination_port_range: '${local.port}' }, 'ports', 'local.port'],
    ['an attribute known after apply', { source_address_prefix: '${azurerm_public_ip.x.ip_address}' }, 'sources', 'after apply'],
    ['a function call', { priority: '${max(100, var.p)}' }, 'priority', 'max(100, var.p)'],
    ['a missing source (plan JSON, known after apply)', { source_address_prefix: null }, 'sources', 'not set'],
    ['an unknown direction', { direction: '${var.direction}' }, 'access', 'var.direction'],
  ])('%s becomes a known unknown whose reason names it', (_label, overrides, field, reasonPart) => {
    const r = ruleNamed(onlyFirewall(modelOf(nsgJson([rule(overrides)]))), 'allow-es') as any;
    const value = field === 'sources' ? r.sources[0] : r[field];
    expect(value.known === false || value.kind === 'unknown').toBe(true);
    expect(value.reason).toContain(reasonPart);
  });

  test('a dynamic security_rule block is an unknown rule, not an empty list', () => {
    const json = nsgJson([]);
    (json.resource.azurerm_network_security_group.es as any).dynamic = { security_rule: { for_each: '${var.rules}', content: {} } };
    const firewall = onlyFirewall(modelOf(json));
    expect(firewall.rules).toHaveLength(1);
    expect(firewall.rules[0].sources[0]).toEqual(expect.objectContaining({ kind: 'unknown', reason: expect.stringContaining('dynamic') }));
  });

  test('extra ports join the self-managed ports', () => {
    expect(modelOf(nsgJson([]), { extraPorts: [9600] }).selfManagedPorts).toEqual([5601, 9200, 9300, 9600]);
  });
});

describe('terraformToModel: clusters and public endpoints', () => {
  const elasticsearchYml = (settings: Record<string, unknown>) => Buffer.from(`#cloud-config\n${toYaml({
    write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: toYaml(settings) }],
  })}`).toString('base64');
  const secure = { 'xpack.security.enabled': true, 'xpack.security.http.ssl': { enabled: true }, 'xpack.security.transport.ssl.enabled': true };

  const vm = (customData: string, extra: Record<string, unknown> = {}) => ({
    name: 'es-0', custom_data: customData, network_interface_ids: ['${azurerm_network_interface.es0.id}'], ...extra,
  });
  const nic = (extra: Record<string, unknown> = {}) => ({
    ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', ...extra }],
  });

  test('a node whose cloud-config writes elasticsearch.yml is a cluster with facts from the file', () => {
    const model = modelOf({
      resource: {
        azurerm_linux_virtual_machine: { es0: vm(elasticsearchYml(secure)) },
        azurerm_network_interface: { es0: nic() },
      },
    });
    expect(model.clusters).toHaveLength(1);
    expect(model.clusters[0]).toEqual(expect.objectContaining({ kind: 'self-managed', ports: [5601, 9200, 9300] }));
    expect(model.clusters[0].facts).toEqual(expect.objectContaining({
      securityEnabled: { known: true, value: true },
      httpsEnforced: { known: true, value: true },
      nodeToNodeEncryption: { known: true, value: true },
      anonymousAccess: { known: true, value: false },
    }));
    expect(model.clusters[0].facts.publicEndpoints).toBeUndefined();
    expect(model.entryPoints).toEqual([]);
  });

  test('security off, anonymous roles, and settings left to the default are read as such', () => {
    const facts = modelOf({
      resource: {
        azurerm_linux_virtual_machine: {
          es0: vm(elasticsearchYml({ 'xpack.security.enabled': false, 'xpack.security.authc.anonymous.roles': ['superuser'] })),
        },
      },
    }).clusters[0].facts;
    expect(facts.securityEnabled).toEqual({ known: true, value: false });
    expect(facts.anonymousAccess).toEqual({ known: true, value: true });
    expect(facts.httpsEnforced).toEqual({ known: false, reason: expect.stringContaining('xpack.security.http.ssl.enabled') });
  });

  test('a tagged node whose boot data is an expression has unknown facts', () => {
    const facts = modelOf({
      resource: {
        azurerm_linux_virtual_machine_scale_set: {
          es: { custom_data: '${base64encode(var.cloud_config)}', tags: { [CLUSTER_TAG]: 'app/es' } },
        },
      },
    }).clusters[0].facts;
    expect(facts.securityEnabled).toEqual({ known: false, reason: expect.stringContaining('base64encode(var.cloud_config)') });
  });

  test('a public IP on a node NIC is an entry point to that node; one on a jump box in the cluster subnet is not', () => {
    const model = modelOf({
      resource: {
        azurerm_linux_virtual_machine: { es0: vm(elasticsearchYml(secure)) },
        azurerm_network_interface: {
          es0: nic({ public_ip_address_id: '${azurerm_public_ip.es.id}' }),
          jump: nic({ public_ip_address_id: '${azurerm_public_ip.jump.id}' }),
        },
      },
    });
    expect(model.nodes!.map(n => n.location.resource)).toEqual(['azurerm_network_interface.es0']);
    expect(model.entryPoints).toEqual([expect.objectContaining({
      kind: 'public-ip',
      location: expect.objectContaining({ resource: 'azurerm_network_interface.es0' }),
      forwards: [expect.objectContaining({ targets: [{ known: true, value: model.nodes![0].id }], preservesClientAddress: true })],
    })]);
    expect(model.clusters[0].facts.publicEndpoints).toBeUndefined();
  });

  test('a scale set with a public IP configuration is an entry point to every instance', () => {
    const model = modelOf({
      resource: {
        azurerm_linux_virtual_machine_scale_set: {
          es: {
            custom_data: elasticsearchYml(secure),
            network_interface: [{ name: 'nic', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', public_ip_address: [{ name: 'pip' }] }] }],
          },
        },
      },
    });
    expect(model.entryPoints).toEqual([expect.objectContaining({ kind: 'public-ip', name: expect.stringContaining('"pip"') })]);
    expect(model.entryPoints![0].forwards[0].targets).toEqual([{ known: true, value: model.nodes![0].id }]);
  });

  const publicLb = { frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: '${azurerm_public_ip.lb.id}' }] };

  test('a public load balancer that forwards a cluster port is a public endpoint even without nodes in the input', () => {
    const model = modelOf({
      resource: {
        azurerm_lb: { pub: publicLb, internal: { frontend_ip_configuration: [{ name: 'fe', subnet_id: '${azurerm_subnet.es.id}' }] } },
        azurerm_lb_rule: {
          es: { loadbalancer_id: '${azurerm_lb.pub.id}', frontend_port: 443, backend_port: 9200, protocol: 'Tcp' },
          internal: { loadbalancer_id: '${azurerm_lb.internal.id}', frontend_port: 9200, backend_port: 9200, protocol: 'Tcp' },
        },
      },
    });
    expect(model.clusters).toHaveLength(1);
    expect(model.clusters[0].location.resource).toBe('azurerm_lb.pub');
    expect(model.clusters[0].facts.publicEndpoints![0].description).toContain('forwards cluster port 9200');
  });

  test('a public load balancer with cluster nodes in its backend pool and a rule is an entry point forwarding to them', () => {
    const model = modelOf({
      resource: {
        azurerm_linux_virtual_machine: { es0: vm(elasticsearchYml(secure)) },
        azurerm_network_interface: { es0: nic() },
        azurerm_lb: { pub: publicLb },
        azurerm_lb_backend_address_pool: { pool: { loadbalancer_id: '${azurerm_lb.pub.id}' } },
        azurerm_lb_rule: {
          es: { loadbalancer_id: '${azurerm_lb.pub.id}', frontend_port: 443, backend_port: 9200, protocol: 'Tcp', backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] },
        },
        azurerm_network_interface_backend_address_pool_association: {
          a: {
            network_interface_id: '${azurerm_network_interface.es0.id}', backend_address_pool_id: '${azurerm_lb_backend_address_pool.pool.id}',
          },
        },
      },
    });
    expect(model.clusters).toHaveLength(1);
    expect(model.clusters[0].facts.publicEndpoints).toBeUndefined();
    expect(model.entryPoints).toEqual([expect.objectContaining({ kind: 'load-balancer' })]);
    const forward = model.entryPoints![0].forwards[0];
    expect(forward.frontendPorts.known && forward.frontendPorts.value.toString()).toBe('443');
    expect(forward.backendPort).toEqual({ known: true, value: 9200 });
    expect(forward.targets).toEqual([{ known: true, value: model.nodes![0].id }]);
  });
});

describe('acknowledgementsFromTerraformJson', () => {
  test('it reads the acknowledgements SearchGuardrails records, scoped to their construct path and stack', () => {
    const json = {
      '//': {
        'metadata': { stackName: 'prod' },
        'search-guardrails': {
          acknowledgements: [
            { ruleId: 'unverifiable-network', reason: 'office range comes from a pipeline variable', constructPath: 'prod/es' },
          ],
        },
      },
    };
    expect(acknowledgementsFromTerraformJson(json, { file: 'cdktf.out/stacks/prod/cdk.tf.json' })).toEqual([{
      ruleId: 'unverifiable-network',
      reason: 'office range comes from a pipeline variable',
      scope: { constructPath: 'prod/es', stack: 'prod' },
      origin: expect.stringContaining('prod/es'),
    }]);
    expect(acknowledgementsFromTerraformJson({ resource: {} })).toEqual([]);
  });
});
