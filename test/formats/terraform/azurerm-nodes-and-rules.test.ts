import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify as toYaml } from 'yaml';
import { azurermRule } from './azurerm-rule';
import { Firewall, IngressRule, InfrastructureModel, resourceKey } from '../../../src/core/model/model';
import { canOpenPath } from '../../../src/core/model/path-types';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

function modelOf(json: unknown): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument(json, { file: 'main.tf.json' })]);
}

async function hclModelOf(files: Record<string, string>): Promise<InfrastructureModel> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'azurerm-hcl-'));
  const resources = [];
  const modules = [];
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(directory, name), text);
    if (name.endsWith('.tf')) {
      const document = terraformJsonToDocument(await parseHcl(name, text), { file: name });
      resources.push(...document.resources);
      modules.push(...(document.modules ?? []));
    }
  }
  return terraformToModel([{ file: 'module', directory, resources, modules }]);
}

const key = (resource: string, file = 'main.tf.json') => resourceKey({ resource, resourceType: '', file });

const secureYml = toYaml({ 'xpack.security.enabled': true, 'xpack.security.http.ssl.enabled': true, 'xpack.security.transport.ssl.enabled': true });
const cloudConfig = (extra: Record<string, unknown> = {}) => `#cloud-config\n${toYaml({
  write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: secureYml }],
  ...extra,
})}`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const network = {
  azurerm_subnet: { es: { name: 'es', address_prefixes: ['10.0.1.0/24'] }, gw: { name: 'gw', address_prefixes: ['10.0.9.0/24'] } },
  azurerm_network_security_group: { subnet: { name: 'subnet-nsg' }, nic: { name: 'nic-nsg' } },
  azurerm_subnet_network_security_group_association: {
    es: { subnet_id: '${azurerm_subnet.es.id}', network_security_group_id: '${azurerm_network_security_group.subnet.id}' },
  },
};

describe('azurerm nodes: where cluster ports listen and what filters them', () => {
  test('a node VM NIC is a node filtered by the subnet NSG, then the NIC NSG', () => {
    const model = modelOf({
      resource: {
        ...network,
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address: '10.0.1.4' }] } },
        azurerm_network_interface_security_group_association: {
          es: { network_interface_id: '${azurerm_network_interface.es.id}', network_security_group_id: '${azurerm_network_security_group.nic.id}' },
        },
      },
    });
    expect(model.nodes).toEqual([expect.objectContaining({
      id: key('azurerm_network_interface.es'),
      cluster: key('azurerm_linux_virtual_machine.es'),
      filters: [
        { description: 'subnet NSG', firewalls: [{ known: true, value: key('azurerm_network_security_group.subnet') }] },
        { description: 'NIC NSG', firewalls: [{ known: true, value: key('azurerm_network_security_group.nic') }] },
      ],
    })]);
    expect(model.nodes![0].addresses?.toString()).toBe('10.0.1.4/32');
    // The ids the stages name are those of the firewalls in the model.
    const firewallIds = model.firewalls.map(f => resourceKey(f.location));
    expect(model.nodes![0].filters.flatMap(s => s.firewalls.map(f => f.known && f.value))).toEqual(expect.arrayContaining(firewallIds));
  });

  test('a scale set is one node for all its instances, filtered by its subnet NSG and its network_security_group_id', () => {
    const model = modelOf({
      resource: {
        ...network,
        azurerm_linux_virtual_machine_scale_set: {
          es: {
            custom_data: b64(cloudConfig()),
            network_interface: [{
              name: 'nic',
              network_security_group_id: '${azurerm_network_security_group.nic.id}',
              ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}' }],
            }],
          },
        },
      },
    });
    expect(model.nodes!.map(n => n.filters.map(s => [s.description, s.firewalls]))).toEqual([[
      ['subnet NSG', [{ known: true, value: key('azurerm_network_security_group.subnet') }]],
      ['NIC NSG', [{ known: true, value: key('azurerm_network_security_group.nic') }]],
    ]]);
  });

  test('application security group memberships of a NIC and of a scale set are the node\'s groups; one out of the input leaves them unknown', () => {
    const model = modelOf({
      resource: {
        ...network,
        azurerm_application_security_group: { es: { name: 'es' } },
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}' }] } },
        azurerm_network_interface_application_security_group_association: {
          es: { network_interface_id: '${azurerm_network_interface.es.id}', application_security_group_id: '${azurerm_application_security_group.es.id}' },
        },
        azurerm_linux_virtual_machine_scale_set: {
          ss: {
            custom_data: b64(cloudConfig()),
            network_interface: [{ name: 'nic', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', application_security_group_ids: ['${var.asg_id}'] }] }],
          },
        },
      },
    });
    const byResource = Object.fromEntries(model.nodes!.map(n => [n.location.resource, n.applicationSecurityGroups]));
    expect(byResource).toEqual({
      'azurerm_network_interface.es': [key('azurerm_application_security_group.es')],
      'azurerm_linux_virtual_machine_scale_set.ss': undefined,
    });
  });

  test('a subnet that is not in the input but whose NSG association (by literal id) is, gets that NSG as its stage', () => {
    const subnetId = '/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/search';
    const model = modelOf({
      resource: {
        azurerm_network_security_group: network.azurerm_network_security_group,
        azurerm_subnet_network_security_group_association: { es: { subnet_id: subnetId, network_security_group_id: '${azurerm_network_security_group.subnet.id}' } },
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: subnetId.toUpperCase() }] } },
      },
    });
    expect(model.nodes![0].filters).toEqual([{ description: 'subnet NSG', firewalls: [{ known: true, value: key('azurerm_network_security_group.subnet') }] }]);
  });

  test('a node in a subnet the input does not hold has an unknown subnet stage (fail closed)', () => {
    const model = modelOf({
      resource: {
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${var.subnet_id}' }] } },
      },
    });
    expect(model.nodes![0].filters).toEqual([{ description: 'subnet NSG', firewalls: [{ known: false, reason: expect.stringContaining('var.subnet_id') }] }]);
  });

  test('a NIC in a subnet declared inline in its virtual network gets that subnet\'s security_group as its subnet stage', () => {
    const model = modelOf({
      resource: {
        azurerm_network_security_group: network.azurerm_network_security_group,
        azurerm_virtual_network: {
          v: { name: 'v', address_space: ['10.0.0.0/16'], subnet: [{ name: 'es', address_prefix: '10.0.1.0/24', security_group: '${azurerm_network_security_group.subnet.id}' }] },
        },
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${tolist(azurerm_virtual_network.v.subnet)[0].id}' }] } },
      },
    });
    expect(model.nodes![0].filters).toEqual([{ description: 'subnet NSG', firewalls: [{ known: true, value: key('azurerm_network_security_group.subnet') }] }]);
  });

  test('a subnet without an NSG adds no stage (an empty stage would read as admitting nothing)', () => {
    const model = modelOf({
      resource: {
        azurerm_subnet: network.azurerm_subnet,
        azurerm_linux_virtual_machine: { es: { custom_data: b64(cloudConfig()), network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
        azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}' }] } },
      },
    });
    expect(model.nodes![0].filters).toEqual([]);
  });
});

describe('azurerm nodes recognised from their boot data', () => {
  const vmWith = (customData: string) => ({ resource: { azurerm_linux_virtual_machine: { es: { custom_data: customData, network_interface_ids: '${var.nic_ids}' } } } });
  const script = '#!/bin/bash\nset -e\napt-get update\napt-get install -y elasticsearch\nsystemctl enable --now elasticsearch\n';

  test.each([
    ['a shell script that installs Elasticsearch, base64', b64(script)],
    ['a shell script that installs Elasticsearch, plain', script],
    ['a shell script that runs OpenSearch in Docker', '#!/bin/sh\ndocker run -d -p 9200:9200 opensearchproject/opensearch:2\n'],
    ['a shell script that starts Kibana', b64('#!/bin/bash\nsystemctl start kibana\n')],
    ['a cloud-config that installs the opensearch package', b64(`#cloud-config\n${toYaml({ packages: ['opensearch'] })}`)],
    ['a cloud-config whose runcmd installs Elasticsearch', b64(`#cloud-config\n${toYaml({ runcmd: [['apt-get', 'install', '-y', 'elasticsearch']] })}`)],
  ])('%s is a node of a self-managed cluster', (_label, customData) => {
    const model = modelOf(vmWith(customData));
    expect(model.clusters).toEqual([expect.objectContaining({ kind: 'self-managed', location: expect.objectContaining({ resource: 'azurerm_linux_virtual_machine.es' }) })]);
    // Its NICs come from a variable: one node whose filters cannot be known (fail closed).
    expect(model.nodes).toEqual([expect.objectContaining({ filters: [expect.objectContaining({ firewalls: [{ known: false, reason: expect.stringContaining('var.nic_ids') }] })] })]);
  });

  test('user_data that installs Elasticsearch makes a node even when custom_data is something else', () => {
    const model = modelOf({ resource: { azurerm_linux_virtual_machine: { es: { custom_data: b64('#!/bin/bash\necho hello\n'), user_data: b64(script) } } } });
    expect(model.clusters).toHaveLength(1);
  });

  test('a VM whose boot data installs nothing of the kind is not a node', () => {
    const model = modelOf(vmWith(b64('#!/bin/bash\napt-get install -y nginx\n')));
    expect(model.clusters).toEqual([]);
    expect(model.nodes).toEqual([]);
  });

  test('a runcmd that turns xpack.security off after the config file is written wins over the file', () => {
    const model = modelOf(vmWith(b64(cloudConfig({
      runcmd: ["sed -i 's/xpack.security.enabled: true/xpack.security.enabled: false/' /etc/elasticsearch/elasticsearch.yml", 'systemctl start elasticsearch'],
    }))));
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
    expect(model.clusters[0].facts.httpsEnforced).toEqual({ known: true, value: true });
  });

  test('a shell script that writes elasticsearch.yml with a heredoc, then appends security off, has security off', () => {
    const model = modelOf(vmWith(b64([
      '#!/bin/bash',
      "cat > /etc/elasticsearch/elasticsearch.yml <<'EOF'",
      secureYml.trimEnd(),
      'EOF',
      "echo 'xpack.security.enabled: false' >> /etc/elasticsearch/elasticsearch.yml",
      'systemctl start elasticsearch',
    ].join('\n'))));
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
    expect(model.clusters[0].facts.nodeToNodeEncryption).toEqual({ known: true, value: true });
  });

  test('an opensearch.yml with plugins.security.disabled: true has security off, whatever xpack says', () => {
    const model = modelOf(vmWith(b64(`#cloud-config\n${toYaml({
      write_files: [{ path: '/etc/opensearch/opensearch.yml', content: `${secureYml}plugins.security.disabled: true\n` }],
      runcmd: ['systemctl start opensearch'],
    })}`)));
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
  });

  test('base64encode of a literal cloud-config (what cdktf Fn.base64encode writes) is read', () => {
    const literal = JSON.stringify(cloudConfig()).slice(1, -1);
    const model = modelOf(vmWith(`\${base64encode("${literal}")}`));
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: true });
  });

  test.each([
    ['filebase64()', 'filebase64("${path.module}/cloud-init.yaml")'],
    ['file()', 'file("cloud-init.yaml")'],
    ['base64encode(file())', 'base64encode(file("${path.module}/cloud-init.yaml"))'],
    ['templatefile()', 'templatefile("${path.module}/cloud-init.yaml", { cluster = var.name })'],
  ])('custom_data read with %s from a file in the .tf directory is read', async (_label, expression) => {
    const insecure = cloudConfig().replace('xpack.security.enabled: true', 'xpack.security.enabled: false');
    const model = await hclModelOf({
      'main.tf': `resource "azurerm_linux_virtual_machine" "es" {\n  custom_data = ${expression}\n}\n`,
      'cloud-init.yaml': insecure,
    });
    expect(model.clusters).toHaveLength(1);
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
  });

  test('a file() outside the module directory is not read: the facts stay unknown', async () => {
    const model = await hclModelOf({
      'main.tf': 'resource "azurerm_linux_virtual_machine" "es" {\n  custom_data = filebase64("/etc/hostname")\n  tags = { "search-guardrails:cluster" = "es" }\n}\n',
    });
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: false, reason: expect.stringContaining("outside the module's directory") });
  });

  test('a file() that is not in the input leaves the facts unknown, naming the file', async () => {
    const model = await hclModelOf({
      'main.tf': 'resource "azurerm_linux_virtual_machine" "es" {\n  custom_data = filebase64("missing.yaml")\n  tags = { "search-guardrails:cluster" = "es" }\n}\n',
    });
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: false, reason: expect.stringContaining('missing.yaml') });
  });
});

describe('azurerm NSG rules as the path engine reads them', () => {
  const rule = (overrides: Record<string, unknown>) => azurermRule({ name: 'r', source_address_prefix: 'Internet', ...overrides });
  const firewallOf = (rules: unknown[], extra: Record<string, unknown> = {}): Firewall => modelOf({
    resource: { azurerm_network_security_group: { es: { name: 'es', security_rule: rules } }, ...extra },
  }).firewalls[0];
  const only = (rules: unknown[], extra?: Record<string, unknown>): IngressRule => firewallOf(rules, extra).rules[0];

  test('destination prefixes and destination application security groups become rule destinations', () => {
    const r = only([rule({
      destination_address_prefix: null,
      destination_address_prefixes: ['10.0.1.4/32', 'VirtualNetwork'],
      destination_application_security_group_ids: ['${azurerm_application_security_group.es.id}', '${var.asg}'],
    })], { azurerm_application_security_group: { es: { name: 'es' } } });
    expect(r.destinations).toEqual([
      expect.objectContaining({ kind: 'addresses', text: '10.0.1.4/32' }),
      { kind: 'any', text: 'VirtualNetwork' },
      { kind: 'application-security-group', text: 'azurerm_application_security_group.es', group: key('azurerm_application_security_group.es') },
      expect.objectContaining({ kind: 'unknown', reason: expect.stringContaining('var.asg') }),
    ]);
  });

  test('a rule with destination * has an any destination, and one without destination fields has none', () => {
    expect(only([rule({})]).destinations).toEqual([{ kind: 'any', text: '*' }]);
    expect(only([rule({ destination_address_prefix: undefined })]).destinations).toBeUndefined();
  });

  test('source_port_range(s) become sourcePorts; absent means all source ports', () => {
    expect(only([rule({ source_port_range: null, source_port_ranges: ['1024-2048', '3000'] })]).sourcePorts)
      .toEqual({ known: true, value: expect.objectContaining({}) });
    expect(String((only([rule({ source_port_range: null, source_port_ranges: ['1024-2048', '3000'] })]).sourcePorts as any).value)).toBe('1024-2048, 3000');
    expect(only([rule({ source_port_range: undefined })]).sourcePorts).toBeUndefined();
    expect(only([rule({ source_port_range: '${var.p}' })]).sourcePorts).toEqual({ known: false, reason: expect.stringContaining('var.p') });
  });

  test('a known source next to a variable stays known, and so do known ports next to a variable (JSON)', () => {
    const r = only([rule({
      source_address_prefix: null,
      source_address_prefixes: ['Internet', '${var.x}'],
      destination_port_range: null,
      destination_port_ranges: ['9200', '${var.p}'],
    })]);
    expect(r.sources).toEqual([{ kind: 'service-tag', tag: 'Internet' }, expect.objectContaining({ kind: 'unknown', reason: expect.stringContaining('var.x') })]);
    expect(r.ports.known && r.ports.value.toString()).toBe('9200');
    expect(r.morePortsUnknown).toContain('var.p');
  });

  test('a rule has a member for each optional part it sets, and none for the parts it leaves out', () => {
    const bare = only([rule({ source_port_range: undefined, destination_address_prefix: undefined })]);
    expect(Object.keys(bare)).toEqual(['origin', 'name', 'access', 'priority', 'protocol', 'ports', 'sources']);
    const full = only([rule({ destination_port_range: null, destination_port_ranges: ['9200', '${var.p}'] })]);
    expect(Object.keys(full)).toEqual(['origin', 'name', 'access', 'priority', 'protocol', 'ports', 'morePortsUnknown', 'sources', 'sourcePorts', 'destinations']);
    // Unknown items only: the ports are unknown, and no known part carries a note about more.
    const unknownOnly = only([rule({ destination_port_range: null, destination_port_ranges: ['${var.p}', '${var.q}'] })]);
    expect(unknownOnly.ports).toEqual({ known: false, reason: expect.stringContaining('destination_port_ranges: ') });
    expect(unknownOnly).not.toHaveProperty('morePortsUnknown');
    // A malformed item next to an unknown one: the invalid item is the reason, with no note either.
    const invalid = only([rule({ destination_port_range: null, destination_port_ranges: ['92x', '9300', '${var.p}'] })]);
    expect(invalid.ports).toEqual({ known: false, reason: 'destination_ports "92x" is not *, N or N-M' });
    expect(invalid).not.toHaveProperty('morePortsUnknown');
  });

  test('a known source next to a variable stays known in HCL too', async () => {
    const model = await hclModelOf({
      'main.tf': [
        'resource "azurerm_network_security_rule" "open" {',
        '  name = "open"', '  priority = 100', '  direction = "Inbound"', '  access = "Allow"', '  protocol = "Tcp"',
        '  source_address_prefixes = ["Internet", var.office]', '  destination_port_ranges = ["9200", var.port]',
        '  network_security_group_name = "es"', '  resource_group_name = "rg"',
        '}', '',
      ].join('\n'),
    });
    const r = model.firewalls[0].rules[0];
    expect(r.sources[0]).toEqual({ kind: 'service-tag', tag: 'Internet' });
    expect(r.ports.known && r.ports.value.toString()).toBe('9200');
    expect(r.morePortsUnknown).toContain('var.port');
  });

  test('rules of equal priority come out in the same order whatever their file order or resource label', () => {
    const deny = { name: 'deny-internet', priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*', source_address_prefix: 'Internet', destination_port_range: '*', source_port_range: '*', destination_address_prefix: '*', network_security_group_name: '${azurerm_network_security_group.es.name}' };
    const allow = { ...deny, name: 'allow-es', access: 'Allow', destination_port_range: '9200' };
    const group = { azurerm_network_security_group: { es: { name: 'es' } } };
    const names = (rules: Record<string, unknown>) =>
      modelOf({ resource: { ...group, azurerm_network_security_rule: rules } }).firewalls[0].rules.map(r => r.name);
    expect(names({ a: deny, b: allow })).toEqual(names({ a: allow, b: deny }));
    expect(names({ z: deny, a: allow })).toEqual(names({ a: deny, z: allow }));
  });

  test.each([
    ['a reference to the VNet address space', '${azurerm_virtual_network.v.address_space}', '20.0.0.0/16'],
    ['tolist() of a subnet\'s prefixes', '${tolist(azurerm_subnet.s.address_prefixes)}', '20.0.1.0/24'],
    ['element() of the VNet address space', '${element(azurerm_virtual_network.v.address_space, 0)}', '20.0.0.0/16'],
    ['a literal inside the VNet address space', '20.0.1.0/24', '20.0.1.0/24'],
  ])('%s is a network source, private whatever its numbers', (_label, source, addresses) => {
    const r = only([rule({ source_address_prefix: null, source_address_prefixes: [source] })], {
      azurerm_virtual_network: { v: { name: 'v', address_space: ['20.0.0.0/16'] } },
      azurerm_subnet: { s: { name: 's', address_prefixes: ['20.0.1.0/24'] } },
    });
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0].kind).toBe('network');
    expect(r.sources[0].kind === 'network' && r.sources[0].addresses?.toString()).toBe(addresses);
  });

  test('a public literal outside every address space of the input stays public addresses', () => {
    const r = only([rule({ source_address_prefix: '20.1.0.0/16' })], { azurerm_virtual_network: { v: { name: 'v', address_space: ['20.0.0.0/16'] } } });
    expect(r.sources[0].kind).toBe('addresses');
  });
});

describe('azurerm resources that open paths out of sight', () => {
  test('ARM template deployments and azapi resources of a network type are opaque, named by the resource', () => {
    const model = modelOf({
      resource: {
        azurerm_resource_group_template_deployment: { arm: { name: 'arm', template_content: '{}' } },
        azurerm_subscription_template_deployment: { sub: { name: 'sub', template_content: '{}' } },
        azapi_resource: {
          nsg: { type: 'Microsoft.Network/networkSecurityGroups@2023-04-01', name: 'x' },
          kv: { type: 'Microsoft.KeyVault/vaults@2023-02-01', name: 'kv' },
        },
        azapi_update_resource: { rule: { type: 'Microsoft.Network/networkSecurityGroups/securityRules@2023-04-01' } },
      },
    });
    expect(model.opaque!.map(o => o.location.resource).sort()).toEqual([
      'azapi_resource.nsg', 'azapi_update_resource.rule', 'azurerm_resource_group_template_deployment.arm', 'azurerm_subscription_template_deployment.sub',
    ]);
  });

  test('azurerm types the translator does not read are listed as unmodelled, and a Front Door origin can open a path', () => {
    const model = modelOf({
      resource: {
        azurerm_cdn_frontdoor_origin: { es: { name: 'es', host_name: '10.0.1.4' } },
        azurerm_key_vault: { kv: { name: 'kv' } },
        azurerm_network_security_group: { es: { name: 'es' } },
        random_password: { p: { length: 16 } },
      },
    });
    expect(model.unmodelledResourceTypes).toEqual(['azurerm_cdn_frontdoor_origin', 'azurerm_key_vault', 'random_password']);
    expect(canOpenPath('azurerm_cdn_frontdoor_origin')).toBe(true);
    expect(canOpenPath('azurerm_key_vault')).toBe(false);
  });

  test('a module from a registry or a remote source is opaque, and so is a local module that is not among the files read', async () => {
    const model = await hclModelOf({
      'main.tf': [
        'module "es" {', '  source  = "acme/elasticsearch/azurerm"', '  version = "1.2.0"', '}',
        'module "git" {', '  source = "git::https://example.com/net.git"', '}',
        'module "local" {', '  source = "./network"', '}', '',
      ].join('\n'),
    });
    expect(model.opaque!.map(o => [o.location.resource, o.description])).toEqual([
      ['module.es', expect.stringContaining('registry source "acme/elasticsearch/azurerm"')],
      ['module.git', expect.stringContaining('git::https://example.com/net.git')],
      // The CLI expands a local module it reads (test/cli); this document holds only the call.
      ['module.local', expect.stringContaining('local source "./network", which is not among the scanned files')],
    ]);
  });
});
