/**
 * The classes of issue 9 through the Terraform translator AND the path engine: hand-written Terraform
 * JSON and HCL translated, then evaluated; assertions on the findings (rule, resource, message).
 */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify as toYaml } from 'yaml';
import { evaluate } from '../../../src/core/engine';
import { Finding } from '../../../src/core/findings/finding';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const customData = b64(`#cloud-config\n${toYaml({
  write_files: [{
    path: '/etc/elasticsearch/elasticsearch.yml',
    content: toYaml({ 'xpack.security.enabled': true, 'xpack.security.http.ssl.enabled': true, 'xpack.security.transport.ssl.enabled': true }),
  }],
})}`);

const rule = (name: string, priority: number, access: string, source: string, ports: string, extra: Record<string, unknown> = {}) => ({
  name,
  priority,
  direction: 'Inbound',
  access,
  protocol: 'Tcp',
  source_port_range: '*',
  destination_port_range: ports,
  source_address_prefix: source,
  destination_address_prefix: '*',
  ...extra,
});
/** The node's subnet NSG: admits the VNet on 9200 and denies the Internet (what a careful team writes). */
const vnetOnly = [rule('vnet-9200', 100, 'Allow', 'VirtualNetwork', '9200'), rule('deny-internet', 4000, 'Deny', 'Internet', '*', { protocol: '*' })];

/** One node VM (NIC at 10.0.1.4) in subnet es whose NSG has `rules`; `extra` adds resources. */
function findings(rules: unknown[], extra: Record<string, any> = {}, options: { noNsg?: boolean } = {}): readonly Finding[] {
  const base: Record<string, any> = {
    azurerm_subnet: {
      es: { name: 'es', address_prefixes: ['10.0.1.0/24'] },
      gw: { name: 'gw', address_prefixes: ['10.0.9.0/24'] },
      fw: { name: 'AzureFirewallSubnet', address_prefixes: ['10.0.8.0/26'] },
    },
    azurerm_network_security_group: { es: { name: 'es-nsg', security_rule: rules } },
    azurerm_subnet_network_security_group_association: { es: { subnet_id: '${azurerm_subnet.es.id}', network_security_group_id: '${azurerm_network_security_group.es.id}' } },
    azurerm_linux_virtual_machine: { es: { custom_data: customData, network_interface_ids: ['${azurerm_network_interface.es.id}'] } },
    azurerm_network_interface: { es: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', private_ip_address: '10.0.1.4' }] } },
  };
  const resource = { ...base };
  if (options.noNsg) {
    delete resource.azurerm_subnet_network_security_group_association;
  }
  for (const [type, byName] of Object.entries(extra)) {
    resource[type] = { ...(resource[type] ?? {}), ...byName };
  }
  return evaluate(terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })])).findings;
}
const errors = (list: readonly Finding[]) => list.filter(f => f.severity === 'error').map(f => `${f.ruleId} ${f.resource}`);

const gateway = {
  azurerm_public_ip: { gw: { allocation_method: 'Static', ip_address: '20.1.2.3' } },
  azurerm_application_gateway: {
    appgw: {
      name: 'appgw',
      gateway_ip_configuration: [{ name: 'gw', subnet_id: '${azurerm_subnet.gw.id}' }],
      frontend_ip_configuration: [{ name: 'public', public_ip_address_id: '${azurerm_public_ip.gw.id}' }],
      frontend_port: [{ name: 'https', port: 443 }],
      backend_address_pool: [{ name: 'es' }],
      backend_http_settings: [{ name: 'es', port: 9200, protocol: 'Https' }],
      http_listener: [{ name: 'https', frontend_ip_configuration_name: 'public', frontend_port_name: 'https', protocol: 'Https' }],
      request_routing_rule: [{ name: 'es', rule_type: 'Basic', http_listener_name: 'https', backend_address_pool_name: 'es', backend_http_settings_name: 'es', priority: 10 }],
    },
  },
  azurerm_network_interface_application_gateway_backend_address_pool_association: {
    es: { network_interface_id: '${azurerm_network_interface.es.id}', ip_configuration_name: 'ip', backend_address_pool_id: '${tolist(azurerm_application_gateway.appgw.backend_address_pool).0.id}' },
  },
};

const publicLb = (backendPort: unknown, frontendPort = 443) => ({
  azurerm_public_ip: { lb: { allocation_method: 'Static' } },
  azurerm_lb: { pub: { frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: '${azurerm_public_ip.lb.id}' }] } },
  azurerm_lb_backend_address_pool: { pool: { name: 'pool', loadbalancer_id: '${azurerm_lb.pub.id}' } },
  azurerm_network_interface_backend_address_pool_association: {
    es: { network_interface_id: '${azurerm_network_interface.es.id}', ip_configuration_name: 'ip', backend_address_pool_id: '${azurerm_lb_backend_address_pool.pool.id}' },
  },
  azurerm_lb_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: frontendPort, backend_port: backendPort, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
});

describe('paths from the internet to an azurerm node, judged by the engine', () => {
  test('the secure baseline (VirtualNetwork on 9200, Internet denied) has no error', () => {
    expect(errors(findings(vnetOnly))).toEqual([]);
  });

  test('a public Application Gateway whose pool holds the node NIC is public-endpoint although the NSG admits only VirtualNetwork', () => {
    const list = findings(vnetOnly, gateway);
    const endpoint = list.find(f => f.ruleId === 'public-endpoint');
    expect(endpoint).toBeDefined();
    expect(endpoint!.resource).toBe('azurerm_application_gateway.appgw');
    expect(endpoint!.message).toMatch(/application gateway/);
    expect(endpoint!.message).toContain('9200');
  });

  test('an Azure Firewall DNAT rule (policy rule collection) translating to the node on 9200 is public-endpoint', () => {
    const list = findings(vnetOnly, {
      azurerm_firewall_policy: { policy: { name: 'policy' } },
      azurerm_public_ip: { fw: { allocation_method: 'Static', ip_address: '20.9.9.9' } },
      azurerm_firewall: { fw: { name: 'fw', firewall_policy_id: '${azurerm_firewall_policy.policy.id}', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.fw.id}', public_ip_address_id: '${azurerm_public_ip.fw.id}' }] } },
      azurerm_firewall_policy_rule_collection_group: {
        dnat: {
          name: 'dnat',
          priority: 100,
          firewall_policy_id: '${azurerm_firewall_policy.policy.id}',
          nat_rule_collection: [{ name: 'es', priority: 100, action: 'Dnat', rule: [{ name: 'es', protocols: ['TCP'], source_addresses: ['*'], destination_address: '20.9.9.9', destination_ports: ['443'], translated_address: '10.0.1.4', translated_port: 9200 }] }],
        },
      },
    });
    expect(errors(list)).toContain('public-endpoint azurerm_firewall_policy_rule_collection_group.dnat');
  });

  test('a classic azurerm_firewall_nat_rule_collection DNAT rule to the node is public-endpoint too', () => {
    const list = findings(vnetOnly, {
      azurerm_firewall: { fw: { name: 'fw', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.fw.id}', public_ip_address_id: '${azurerm_public_ip.fw.id}' }] } },
      azurerm_firewall_nat_rule_collection: {
        classic: {
          name: 'classic',
          azure_firewall_name: '${azurerm_firewall.fw.name}',
          priority: 100,
          action: 'Dnat',
          rule: [{ name: 'es', protocols: ['TCP'], source_addresses: ['*'], destination_addresses: ['20.9.9.9'], destination_ports: ['9200'], translated_address: '10.0.1.4', translated_port: '9200' }],
        },
      },
    });
    expect(errors(list)).toContain('public-endpoint azurerm_firewall_nat_rule_collection.classic');
  });

  test.each([
    ['every client (*)', ['*'], 'error public-endpoint'],
    ['a public /8', ['20.0.0.0/8'], 'error public-endpoint'],
    ['a public /24', ['8.8.8.0/24'], 'warning public-allowlist'],
    ['a documentation address only', ['203.0.113.7'], 'none'],
    ['a variable', ['${var.office}'], 'error unverifiable-network'],
  ])('a DNAT rule whose source_addresses are %s is judged by the clients it admits', (_label, sources, expected) => {
    const list = findings(vnetOnly, {
      azurerm_firewall: { fw: { name: 'fw', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.fw.id}', public_ip_address_id: '${azurerm_public_ip.fw.id}' }] } },
      azurerm_firewall_nat_rule_collection: {
        classic: {
          name: 'classic',
          azure_firewall_name: 'fw',
          priority: 100,
          action: 'Dnat',
          rule: [{ name: 'es', protocols: ['TCP'], source_addresses: sources, destination_addresses: ['20.9.9.9'], destination_ports: ['443'], translated_address: '10.0.1.4', translated_port: '9200' }],
        },
      },
    }).filter(f => f.resource === 'azurerm_firewall_nat_rule_collection.classic');
    expect(list.map(f => `${f.severity} ${f.ruleId}`).join(', ') || 'none').toBe(expected);
  });

  test('a public load balancer in front of the node whose NSG refuses the internet on the forwarded port passes (pass-through keeps the client address)', () => {
    expect(errors(findings(vnetOnly, publicLb(9200)))).toEqual([]);
  });

  test('the same load balancer with the NSG admitting Internet on 9200 is an error', () => {
    const list = findings([rule('open', 100, 'Allow', 'Internet', '9200')], publicLb(9200));
    expect(list.some(f => f.severity === 'error' && (f.ruleId === 'public-endpoint' || f.ruleId === 'public-ingress'))).toBe(true);
  });

  test('a public load-balancer rule whose backend port comes from a variable is unverifiable-network, not a pass', () => {
    // No NSG on the node: what the rule forwards to decides (443 -> 8080 would be no cluster port).
    expect(errors(findings([], publicLb(8080), { noNsg: true }))).toEqual([]);
    expect(errors(findings([], publicLb(9200), { noNsg: true }))).toEqual(['public-endpoint azurerm_lb_rule.es']);
    const list = findings([], publicLb('${var.backend_port}'), { noNsg: true });
    expect(errors(list)).toEqual(['unverifiable-network azurerm_lb_rule.es']);
    expect(list.find(f => f.ruleId === 'unverifiable-network')!.message).toContain('var.backend_port');
  });

  test('a public IP on a jump box in the cluster subnet, with the subnet NSG denying Internet, gives no finding by itself', () => {
    const list = findings(vnetOnly, {
      azurerm_network_interface: { jump: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', public_ip_address_id: '${azurerm_public_ip.jump.id}' }] } },
      azurerm_public_ip: { jump: { allocation_method: 'Static' } },
    });
    expect(errors(list)).toEqual([]);
  });

  test('a narrow Deny (other destination) above an open Allow does not shadow it', () => {
    const list = findings([
      rule('deny-other-host', 100, 'Deny', 'Internet', '9200', { destination_address_prefix: '10.0.1.99/32' }),
      rule('open', 200, 'Allow', 'Internet', '9200'),
    ]);
    expect(errors(list)).toContain('public-ingress azurerm_network_security_group.es');
  });

  test('a Deny that names source ports does not shadow an Allow from every source port', () => {
    const list = findings([
      rule('deny-low-ports', 100, 'Deny', 'Internet', '9200', { source_port_range: '0-1023' }),
      rule('open', 200, 'Allow', 'Internet', '9200'),
    ]);
    expect(errors(list)).toContain('public-ingress azurerm_network_security_group.es');
  });

  test('a Deny to an application security group the node is not a member of does not shadow an open Allow; one it is a member of does', () => {
    const asgs = {
      azurerm_application_security_group: { es: { name: 'es' }, other: { name: 'other' } },
      azurerm_network_interface_application_security_group_association: {
        es: { network_interface_id: '${azurerm_network_interface.es.id}', application_security_group_id: '${azurerm_application_security_group.es.id}' },
      },
    };
    const withDenyTo = (group: string) => findings([
      rule('deny-asg', 100, 'Deny', 'Internet', '9200', { destination_address_prefix: null, destination_application_security_group_ids: [`\${azurerm_application_security_group.${group}.id}`] }),
      rule('open', 200, 'Allow', 'Internet', '9200'),
    ], asgs);
    expect(errors(withDenyTo('other'))).toContain('public-ingress azurerm_network_security_group.es');
    expect(errors(withDenyTo('es')).filter(e => e.startsWith('public-ingress'))).toEqual([]);
  });

  test('Internet next to a variable in source_address_prefixes is a certain public-ingress', () => {
    const list = findings([rule('mixed', 100, 'Allow', 'x', '9200', { source_address_prefix: null, source_address_prefixes: ['Internet', '${var.office}'] })]);
    expect(errors(list)).toContain('public-ingress azurerm_network_security_group.es');
  });

  test('9200 next to a variable in destination_port_ranges is a certain public-ingress', () => {
    const list = findings([rule('mixed', 100, 'Allow', 'Internet', 'x', { destination_port_range: null, destination_port_ranges: ['9200', '${var.port}'] })]);
    expect(errors(list)).toContain('public-ingress azurerm_network_security_group.es');
  });

  test('equal priorities: the verdict does not depend on which rule comes first in the file', () => {
    const allow = rule('allow', 100, 'Allow', 'Internet', '9200');
    const deny = rule('deny', 100, 'Deny', 'Internet', '9200');
    expect(errors(findings([allow, deny]))).toEqual(errors(findings([deny, allow])));
    expect(errors(findings([deny, allow]))).toContain('public-ingress azurerm_network_security_group.es');
  });

  test('a source that is the address space of a VNet of the input is private, whatever its numbers', () => {
    const list = findings([rule('vnet-space', 100, 'Allow', 'x', '9200', { source_address_prefix: null, source_address_prefixes: '${azurerm_virtual_network.v.address_space}' })], {
      azurerm_virtual_network: { v: { name: 'v', address_space: ['20.0.0.0/16'] } },
    });
    expect(errors(list)).toEqual([]);
  });

  test('a scale set node with a public IP per instance and an NSG open to the Internet is an error', () => {
    const list = findings([rule('open', 100, 'Allow', 'Internet', '9200')], {
      azurerm_linux_virtual_machine_scale_set: {
        es: {
          custom_data: customData,
          network_interface: [{ name: 'nic', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', public_ip_address: [{ name: 'pip' }] }] }],
        },
      },
    });
    expect(list.some(f => f.severity === 'error' && f.resource === 'azurerm_linux_virtual_machine_scale_set.es')).toBe(true);
  });

  test('an ARM template deployment and an azapi network resource are unverifiable-network, named by that resource', () => {
    const list = findings(vnetOnly, {
      azurerm_resource_group_template_deployment: { arm: { name: 'arm', template_content: '{}' } },
      azapi_resource: { nsg: { type: 'Microsoft.Network/networkSecurityGroups@2023-04-01', name: 'x' } },
    });
    expect(errors(list)).toEqual(expect.arrayContaining([
      'unverifiable-network azurerm_resource_group_template_deployment.arm', 'unverifiable-network azapi_resource.nsg',
    ]));
  });

  test('a registry module call in HCL is unverifiable-network, named by the module', async () => {
    const json = await parseHcl('main.tf', 'module "search" {\n  source  = "acme/elasticsearch/azurerm"\n  version = "1.0.0"\n}\n');
    const list = evaluate(terraformToModel([terraformJsonToDocument(json, { file: 'main.tf' })])).findings;
    expect(errors(list)).toEqual(['unverifiable-network module.search']);
    expect(list[0].message).toContain('acme/elasticsearch/azurerm');
  });
});
