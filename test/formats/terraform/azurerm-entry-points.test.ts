import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify as toYaml } from 'yaml';
import { terraformPlanDocument } from '../../../src/cli/readers/terraform-plan';
import { EntryPoint, Forward, InfrastructureModel, resourceKey } from '../../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

function modelOf(resource: Record<string, unknown>): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })]);
}

const key = (resource: string) => resourceKey({ resource, resourceType: '', file: 'main.tf.json' });
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const customData = b64(`#cloud-config\n${toYaml({ write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: 'xpack.security.enabled: true\n' }] })}`);

/** Two node VMs es0/es1 with NICs at 10.0.1.4/.5 in subnet es, a jump box NIC at 10.0.1.10. */
const nodes = {
  azurerm_subnet: {
    es: { name: 'es', address_prefixes: ['10.0.1.0/24'] },
    gw: { name: 'appgw', address_prefixes: ['10.0.9.0/24'] },
    fw: { name: 'AzureFirewallSubnet', address_prefixes: ['10.0.8.0/26'] },
  },
  azurerm_linux_virtual_machine: {
    es0: { custom_data: customData, network_interface_ids: ['${azurerm_network_interface.es0.id}'] },
    es1: { custom_data: customData, network_interface_ids: ['${azurerm_network_interface.es1.id}'] },
  },
  azurerm_network_interface: {
    es0: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', private_ip_address: '10.0.1.4' }] },
    es1: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', private_ip_address: '10.0.1.5' }] },
    jump: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', private_ip_address_allocation: 'Static', private_ip_address: '10.0.1.10' }] },
  },
};
const es0 = key('azurerm_network_interface.es0');
const es1 = key('azurerm_network_interface.es1');

const publicLb = {
  azurerm_public_ip: { lb: { allocation_method: 'Static', sku: 'Standard' } },
  azurerm_lb: { pub: { sku: 'Standard', frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: '${azurerm_public_ip.lb.id}' }] } },
  azurerm_lb_backend_address_pool: { pool: { name: 'pool', loadbalancer_id: '${azurerm_lb.pub.id}' } },
};
const inPool = {
  azurerm_network_interface_backend_address_pool_association: {
    es0: { network_interface_id: '${azurerm_network_interface.es0.id}', ip_configuration_name: 'ip', backend_address_pool_id: '${azurerm_lb_backend_address_pool.pool.id}' },
  },
};

function onlyEntry(model: InfrastructureModel, kind: EntryPoint['kind']): EntryPoint {
  const entries = (model.entryPoints ?? []).filter(e => e.kind === kind);
  expect(entries).toHaveLength(1);
  return entries[0];
}

const ports = (forward: Forward) => (forward.frontendPorts.known ? forward.frontendPorts.value.toString() : `unknown: ${forward.frontendPorts.reason}`);

describe('azurerm public IPs', () => {
  test('a public IP on the second IP configuration of a node NIC is an entry point to that configuration', () => {
    const model = modelOf({
      ...nodes,
      azurerm_network_interface: {
        ...nodes.azurerm_network_interface,
        es0: {
          ip_configuration: [
            { name: 'primary', subnet_id: '${azurerm_subnet.es.id}', primary: true },
            { name: 'second', subnet_id: '${azurerm_subnet.es.id}', public_ip_address_id: '${azurerm_public_ip.es.id}' },
          ],
        },
      },
      azurerm_public_ip: { es: { allocation_method: 'Static', ip_address: '20.1.2.3' } },
    });
    const entry = onlyEntry(model, 'public-ip');
    expect(entry.name).toContain('20.1.2.3');
    expect(entry.forwards[0].targets).toEqual([{ known: true, value: `${es0}#second` }]);
    expect(model.nodes!.map(n => n.id)).toEqual(expect.arrayContaining([`${es0}#primary`, `${es0}#second`]));
  });

  test('a public IP on a jump box NIC in the cluster subnet is no entry point: the jump box is not a node', () => {
    const model = modelOf({
      ...nodes,
      azurerm_network_interface: { ...nodes.azurerm_network_interface, jump: { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', public_ip_address_id: '${azurerm_public_ip.jump.id}' }] } },
    });
    expect(model.entryPoints).toEqual([]);
    expect(model.clusters.every(c => c.facts.publicEndpoints === undefined)).toBe(true);
  });
});

describe('azurerm public load balancers', () => {
  test('a load-balancing rule forwards its frontend port to the backend port of the nodes in its pool, keeping the client address', () => {
    const model = modelOf({
      ...nodes,
      ...publicLb,
      ...inPool,
      azurerm_lb_rule: { https: { name: 'https', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: 443, backend_port: 9200, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
    });
    const entry = onlyEntry(model, 'load-balancer');
    expect(entry.location.resource).toBe('azurerm_lb.pub');
    expect(entry.forwards).toEqual([expect.objectContaining({
      location: expect.objectContaining({ resource: 'azurerm_lb_rule.https' }),
      backendPort: { known: true, value: 9200 },
      targets: [{ known: true, value: es0 }],
      preservesClientAddress: true,
    })]);
    expect(ports(entry.forwards[0])).toBe('443');
    expect(model.clusters.every(c => c.facts.publicEndpoints === undefined)).toBe(true);
  });

  test('an HA-ports rule forwards every port to the same port', () => {
    const model = modelOf({
      ...nodes,
      ...publicLb,
      ...inPool,
      azurerm_lb_rule: { ha: { name: 'ha', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'All', frontend_port: 0, backend_port: 0, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
    });
    const forward = onlyEntry(model, 'load-balancer').forwards[0];
    expect(ports(forward)).toBe('*');
    expect(forward.backendPort).toBeUndefined();
  });

  test('a backend port from a variable is unknown, not safe', () => {
    const model = modelOf({
      ...nodes,
      ...publicLb,
      ...inPool,
      azurerm_lb_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: 443, backend_port: '${var.backend_port}', backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
    });
    expect(onlyEntry(model, 'load-balancer').forwards[0].backendPort).toEqual({ known: false, reason: expect.stringContaining('var.backend_port') });
  });

  test('a pool that holds a node by IP address (azurerm_lb_backend_address_pool_address) forwards to it', () => {
    const model = modelOf({
      ...nodes,
      ...publicLb,
      azurerm_lb_backend_address_pool_address: { es1: { name: 'es1', backend_address_pool_id: '${azurerm_lb_backend_address_pool.pool.id}', ip_address: '10.0.1.5', virtual_network_id: '${azurerm_virtual_network.v.id}' } },
      azurerm_lb_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: 9200, backend_port: 9200, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
    });
    expect(onlyEntry(model, 'load-balancer').forwards[0].targets).toEqual([{ known: true, value: es1 }]);
  });

  test('an inbound NAT rule associated with a node NIC, and one with a port range to the pool, both forward to nodes', () => {
    const model = modelOf({
      ...nodes,
      ...publicLb,
      ...inPool,
      azurerm_lb_nat_rule: {
        one: { name: 'one', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: 50000, backend_port: 9200, frontend_ip_configuration_name: 'fe' },
        range: { name: 'range', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port_start: 60000, frontend_port_end: 60009, backend_port: 9300, backend_address_pool_id: '${azurerm_lb_backend_address_pool.pool.id}' },
      },
      azurerm_network_interface_nat_rule_association: {
        es1: { network_interface_id: '${azurerm_network_interface.es1.id}', ip_configuration_name: 'ip', nat_rule_id: '${azurerm_lb_nat_rule.one.id}' },
      },
    });
    const forwards = onlyEntry(model, 'load-balancer').forwards;
    expect(forwards.map(f => [ports(f), f.backendPort, f.targets])).toEqual([
      ['50000', { known: true, value: 9200 }, [{ known: true, value: es1 }]],
      ['60000-60009', { known: true, value: 9300 }, [{ known: true, value: es0 }]],
    ]);
  });

  test('an inbound NAT pool forwards its port range to the instances of the scale set that names it', () => {
    const model = modelOf({
      ...publicLb,
      azurerm_lb_nat_pool: { ssh: { name: 'es', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port_start: 50000, frontend_port_end: 50099, backend_port: 9200 } },
      azurerm_linux_virtual_machine_scale_set: {
        es: {
          custom_data: customData,
          network_interface: [{ name: 'nic', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', load_balancer_inbound_nat_rules_ids: ['${azurerm_lb_nat_pool.ssh.id}'] }] }],
        },
      },
    });
    const forward = onlyEntry(model, 'load-balancer').forwards[0];
    expect([ports(forward), forward.backendPort, forward.targets]).toEqual(['50000-50099', { known: true, value: 9200 }, [{ known: true, value: key('azurerm_linux_virtual_machine_scale_set.es') }]]);
  });

  test('a scale set in the pool by load_balancer_backend_address_pool_ids is a target of the rule', () => {
    const model = modelOf({
      ...publicLb,
      azurerm_lb_rule: { es: { name: 'es', loadbalancer_id: '${azurerm_lb.pub.id}', protocol: 'Tcp', frontend_port: 443, backend_port: 9200, backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] } },
      azurerm_linux_virtual_machine_scale_set: {
        es: {
          custom_data: customData,
          network_interface: [{ name: 'nic', ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}', load_balancer_backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.pool.id}'] }] }],
        },
      },
    });
    expect(onlyEntry(model, 'load-balancer').forwards[0].targets).toEqual([{ known: true, value: key('azurerm_linux_virtual_machine_scale_set.es') }]);
  });
});

describe('azurerm Application Gateway', () => {
  const gateway = (pool: Record<string, unknown> = { name: 'es-pool' }) => ({
    azurerm_public_ip: { gw: { allocation_method: 'Static', ip_address: '20.1.2.3' } },
    azurerm_application_gateway: {
      appgw: {
        name: 'appgw',
        gateway_ip_configuration: [{ name: 'gw', subnet_id: '${azurerm_subnet.gw.id}' }],
        frontend_ip_configuration: [{ name: 'public', public_ip_address_id: '${azurerm_public_ip.gw.id}' }, { name: 'private', subnet_id: '${azurerm_subnet.gw.id}', private_ip_address: '10.0.9.10' }],
        frontend_port: [{ name: 'https', port: 443 }, { name: 'internal', port: 8443 }],
        backend_address_pool: [pool],
        backend_http_settings: [{ name: 'es', port: 9200, protocol: 'Https' }],
        http_listener: [
          { name: 'public-443', frontend_ip_configuration_name: 'public', frontend_port_name: 'https', protocol: 'Https' },
          { name: 'private-8443', frontend_ip_configuration_name: 'private', frontend_port_name: 'internal', protocol: 'Https' },
        ],
        request_routing_rule: [
          { name: 'to-es', rule_type: 'Basic', http_listener_name: 'public-443', backend_address_pool_name: 'es-pool', backend_http_settings_name: 'es', priority: 10 },
          { name: 'internal', rule_type: 'Basic', http_listener_name: 'private-8443', backend_address_pool_name: 'es-pool', backend_http_settings_name: 'es', priority: 20 },
        ],
      },
    },
  });

  test('a public listener whose rule sends to a pool holding node NICs is a proxy entry point whose source is the gateway subnet', () => {
    const model = modelOf({
      ...nodes,
      ...gateway(),
      azurerm_network_interface_application_gateway_backend_address_pool_association: {
        es0: { network_interface_id: '${azurerm_network_interface.es0.id}', ip_configuration_name: 'ip', backend_address_pool_id: '${one(azurerm_application_gateway.appgw.backend_address_pool).id}' },
      },
    });
    const entry = onlyEntry(model, 'application-gateway');
    expect(entry.name).toContain('20.1.2.3');
    expect(entry.forwards).toHaveLength(1); // the private listener is no entry from the internet
    const forward = entry.forwards[0];
    expect(forward.name).toContain('listener public-443');
    expect([ports(forward), forward.backendPort, forward.targets, forward.preservesClientAddress]).toEqual(['443', { known: true, value: 9200 }, [{ known: true, value: es0 }], false]);
    expect(forward.proxySource!.addresses.known && forward.proxySource!.addresses.value.toString()).toBe('10.0.9.0/24');
  });

  test.each(['module.search.', 'module.search[1].'])('inside a local module (%s), a NIC associated with the pool by the module\'s own reference is the gateway\'s target', prefix => {
    // In a module, `azurerm_application_gateway.appgw` names the gateway whose address is `<prefix>azurerm_application_gateway.appgw`.
    const document = terraformJsonToDocument({
      resource: {
        ...nodes,
        ...gateway(),
        azurerm_network_interface_application_gateway_backend_address_pool_association: {
          es0: { network_interface_id: '${azurerm_network_interface.es0.id}', ip_configuration_name: 'ip', backend_address_pool_id: '${one(azurerm_application_gateway.appgw.backend_address_pool).id}' },
        },
      },
    }, { file: 'main.tf.json', addressPrefix: prefix });
    const entry = onlyEntry(terraformToModel([document]), 'application-gateway');
    expect(entry.location.resource).toBe(`${prefix}azurerm_application_gateway.appgw`);
    expect(entry.forwards.map(f => f.targets)).toEqual([[{ known: true, value: key(`${prefix}azurerm_network_interface.es0`) }]]);
  });

  test('a backend pool that holds node addresses by IP forwards to those nodes; an address that is no node is unknown', () => {
    const model = modelOf({ ...nodes, ...gateway({ name: 'es-pool', ip_addresses: ['10.0.1.5', '10.0.1.99'] }) });
    expect(onlyEntry(model, 'application-gateway').forwards[0].targets).toEqual([
      { known: true, value: es1 },
      { known: false, reason: expect.stringContaining('10.0.1.99') },
    ]);
  });
});

describe('azurerm Firewall DNAT', () => {
  const firewall = {
    azurerm_public_ip: { fw: { allocation_method: 'Static', ip_address: '20.9.9.9' } },
    azurerm_firewall_policy: { policy: { name: 'policy' } },
    azurerm_firewall: {
      fw: {
        name: 'fw',
        sku_tier: 'Standard',
        firewall_policy_id: '${azurerm_firewall_policy.policy.id}',
        ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.fw.id}', public_ip_address_id: '${azurerm_public_ip.fw.id}' }],
      },
    },
  };

  test('a policy nat_rule_collection rule translating to a node address is a proxy entry point whose source is the firewall subnet', () => {
    const model = modelOf({
      ...nodes,
      ...firewall,
      azurerm_firewall_policy_rule_collection_group: {
        dnat: {
          name: 'dnat',
          priority: 100,
          firewall_policy_id: '${azurerm_firewall_policy.policy.id}',
          nat_rule_collection: [{
            name: 'es',
            priority: 100,
            action: 'Dnat',
            rule: [{ name: 'es-https', protocols: ['TCP'], source_addresses: ['*'], destination_address: '20.9.9.9', destination_ports: ['443'], translated_address: '10.0.1.4', translated_port: 9200 }],
          }],
        },
      },
    });
    const forward = onlyEntry(model, 'firewall-dnat').forwards[0];
    expect([ports(forward), forward.backendPort, forward.targets, forward.preservesClientAddress]).toEqual(['443', { known: true, value: 9200 }, [{ known: true, value: es0 }], false]);
    expect(forward.location!.resource).toBe('azurerm_firewall_policy_rule_collection_group.dnat');
    expect(forward.proxySource!.addresses.known && forward.proxySource!.addresses.value.toString()).toBe('10.0.8.0/26');
  });

  test('a classic azurerm_firewall_nat_rule_collection rule is read the same way, by firewall name', () => {
    const model = modelOf({
      ...nodes,
      ...firewall,
      azurerm_firewall_nat_rule_collection: {
        classic: {
          name: 'classic',
          azure_firewall_name: '${azurerm_firewall.fw.name}',
          resource_group_name: 'rg',
          priority: 100,
          action: 'Dnat',
          rule: [{ name: 'es', protocols: ['TCP'], source_addresses: ['*'], destination_addresses: ['20.9.9.9'], destination_ports: ['9200'], translated_address: '10.0.1.5', translated_port: '9200' }],
        },
      },
    });
    expect(onlyEntry(model, 'firewall-dnat').forwards[0].targets).toEqual([{ known: true, value: es1 }]);
  });

  test('a DNAT rule to the jump box on port 22 is no path to the cluster; one to an unknown address on 9200 is unknown', () => {
    const model = modelOf({
      ...nodes,
      ...firewall,
      azurerm_firewall_nat_rule_collection: {
        classic: {
          name: 'classic',
          azure_firewall_name: 'fw',
          resource_group_name: 'rg',
          priority: 100,
          action: 'Dnat',
          rule: [
            { name: 'ssh', protocols: ['TCP'], source_addresses: ['*'], destination_addresses: ['20.9.9.9'], destination_ports: ['22'], translated_address: '10.0.1.10', translated_port: '22' },
            { name: 'es', protocols: ['TCP'], source_addresses: ['*'], destination_addresses: ['20.9.9.9'], destination_ports: ['9200'], translated_address: '${var.es_address}', translated_port: '9200' },
          ],
        },
      },
    });
    expect(onlyEntry(model, 'firewall-dnat').forwards.map(f => f.targets)).toEqual([[{ known: false, reason: expect.stringContaining('var.es_address') }]]);
  });
});

describe('entry points in HCL and plan JSON', () => {
  const hcl = `
resource "azurerm_subnet" "es" {
  name             = "es"
  address_prefixes = ["10.0.1.0/24"]
}
resource "azurerm_network_interface" "es" {
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.es.id
    private_ip_address_allocation = "Static"
    private_ip_address            = "10.0.1.4"
  }
}
resource "azurerm_linux_virtual_machine" "es" {
  network_interface_ids = [azurerm_network_interface.es.id]
  custom_data           = "${customData}"
}
resource "azurerm_public_ip" "lb" {
  allocation_method = "Static"
}
resource "azurerm_lb" "pub" {
  frontend_ip_configuration {
    name                 = "fe"
    public_ip_address_id = azurerm_public_ip.lb.id
  }
}
resource "azurerm_lb_backend_address_pool" "pool" {
  loadbalancer_id = azurerm_lb.pub.id
}
resource "azurerm_network_interface_backend_address_pool_association" "es" {
  network_interface_id    = azurerm_network_interface.es.id
  ip_configuration_name   = "ip"
  backend_address_pool_id = azurerm_lb_backend_address_pool.pool.id
}
resource "azurerm_lb_rule" "es" {
  loadbalancer_id          = azurerm_lb.pub.id
  protocol                 = "Tcp"
  frontend_port            = 443
  backend_port             = 9200
  backend_address_pool_ids = [azurerm_lb_backend_address_pool.pool.id]
}
`;

  test('a public load-balancing rule to a node reads the same from HCL', async () => {
    const document = terraformJsonToDocument(await parseHcl('main.tf', hcl), { file: 'main.tf' });
    const model = terraformToModel([document]);
    const forward = onlyEntry(model, 'load-balancer').forwards[0];
    expect([ports(forward), forward.backendPort, forward.targets]).toEqual([
      '443', { known: true, value: 9200 }, [{ known: true, value: resourceKey({ resource: 'azurerm_network_interface.es', resourceType: '', file: 'main.tf' }) }],
    ]);
  });

  test('a plan whose backend port is known only after apply has an unknown backend port, and a registry module call is not opaque (the plan lists its resources)', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'azurerm_linux_virtual_machine.es', mode: 'managed', type: 'azurerm_linux_virtual_machine', name: 'es', values: { custom_data: customData, network_interface_ids: [] } },
            { address: 'azurerm_public_ip.lb', mode: 'managed', type: 'azurerm_public_ip', name: 'lb', values: { allocation_method: 'Static' } },
            { address: 'azurerm_lb.pub', mode: 'managed', type: 'azurerm_lb', name: 'pub', values: { frontend_ip_configuration: [{ name: 'fe' }] } },
            { address: 'azurerm_lb_rule.es', mode: 'managed', type: 'azurerm_lb_rule', name: 'es', values: { protocol: 'Tcp', frontend_port: 443, backend_address_pool_ids: ['/subscriptions/x/pool'] } },
          ],
        },
      },
      resource_changes: [
        { address: 'azurerm_lb.pub', change: { after_unknown: { frontend_ip_configuration: [{ public_ip_address_id: true }] } } },
        { address: 'azurerm_lb_rule.es', change: { after_unknown: { loadbalancer_id: true, backend_port: true } } },
      ],
      configuration: {
        root_module: {
          resources: [{ address: 'azurerm_lb_rule.es', expressions: { loadbalancer_id: { references: ['azurerm_lb.pub.id', 'azurerm_lb.pub'] } } }],
          module_calls: { net: { source: 'Azure/network/azurerm', version_constraint: '5.3.0', module: {} } },
        },
      },
    };
    const model = terraformToModel([terraformPlanDocument(plan, 'plan.json')]);
    const forward = onlyEntry(model, 'load-balancer').forwards[0];
    expect(forward.backendPort).toEqual({ known: false, reason: expect.stringContaining('after apply') });
    expect(forward.targets).toEqual([{ known: false, reason: expect.stringContaining('/subscriptions/x/pool') }]);
    // `planned_values` holds every module's resources (`child_modules`): nothing of module.net is out of sight.
    expect(model.opaque).toEqual([]);
  });

  test('a plan of deployed resources links them by their Azure resource ids: NIC, subnet NSG, gateway pool', () => {
    const sub = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network';
    const resource = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            resource('azurerm_subnet', 'es', { id: `${sub}/virtualNetworks/v/subnets/es`, address_prefixes: ['10.0.1.0/24'] }),
            resource('azurerm_subnet', 'gw', { id: `${sub}/virtualNetworks/v/subnets/gw`, address_prefixes: ['10.0.9.0/24'] }),
            resource('azurerm_network_security_group', 'es', { id: `${sub}/networkSecurityGroups/es`, name: 'es', security_rule: [] }),
            resource('azurerm_subnet_network_security_group_association', 'es', {
              subnet_id: `${sub}/virtualNetworks/v/subnets/es`, network_security_group_id: `${sub}/networkSecurityGroups/es`,
            }),
            resource('azurerm_network_interface', 'es', {
              id: `${sub}/networkInterfaces/es`, ip_configuration: [{ name: 'ip', subnet_id: `${sub}/virtualNetworks/v/subnets/es`, private_ip_address: '10.0.1.4' }],
            }),
            resource('azurerm_linux_virtual_machine', 'es', { custom_data: customData, network_interface_ids: [`${sub}/networkInterfaces/es`] }),
            resource('azurerm_application_gateway', 'gw', {
              id: `${sub}/applicationGateways/gw`,
              gateway_ip_configuration: [{ name: 'gw', subnet_id: `${sub}/virtualNetworks/v/subnets/gw` }],
              frontend_ip_configuration: [{ name: 'public', public_ip_address_id: `${sub}/publicIPAddresses/gw` }],
              frontend_port: [{ name: 'https', port: 443 }],
              backend_address_pool: [{ name: 'other' }, { name: 'es' }],
              backend_http_settings: [{ name: 'es', port: 9200 }],
              http_listener: [{ name: 'https', frontend_ip_configuration_name: 'public', frontend_port_name: 'https' }],
              request_routing_rule: [{ name: 'es', http_listener_name: 'https', backend_address_pool_name: 'es', backend_http_settings_name: 'es' }],
            }),
            resource('azurerm_network_interface_application_gateway_backend_address_pool_association', 'es', {
              network_interface_id: `${sub}/networkInterfaces/es`, ip_configuration_name: 'ip', backend_address_pool_id: `${sub}/applicationGateways/gw/backendAddressPools/es`,
            }),
          ],
        },
      },
    };
    const model = terraformToModel([terraformPlanDocument(plan, 'plan.json')]);
    const node = resourceKey({ resource: 'azurerm_network_interface.es', resourceType: '', file: 'plan.json' });
    expect(model.nodes).toEqual([expect.objectContaining({
      id: node,
      filters: [{ description: 'subnet NSG', firewalls: [{ known: true, value: resourceKey({ resource: 'azurerm_network_security_group.es', resourceType: '', file: 'plan.json' }) }] }],
    })]);
    expect(onlyEntry(model, 'application-gateway').forwards[0].targets).toEqual([{ known: true, value: node }]);
  });
});
