/**
 * Azure inputs of the CLI throughput benchmark, generated (nothing here is synthesized):
 * - `nsgDocument`: NSGs with standalone rules admitting private sources only, as one Terraform JSON
 *   document (the shape `cdktf synth` and hand-written `*.tf.json` have);
 * - `nsgHclFiles`: the same resources as `.tf` files (HCL), split in files of 500 resources;
 * - `pathHeavyDocument`: the path engine's demanding case: nodes (VMs with their NICs) behind public
 *   load balancers and application gateways, each NIC in a subnet with an NSG and with an NSG of its
 *   own (NSG pairs). Every filter refuses what arrives (the internet on the forwarded port, and the
 *   gateways' subnet), so no path is exposed and the scan must walk every one to say so (the VMs carry
 *   no boot data: their settings are unverifiable, two cluster findings).
 */

export interface NsgShape {
  readonly networkSecurityGroups: number;
  readonly rulesPerGroup: number;
}

/** 250 NSGs x 39 rules + the NSGs = 10,000 resources at `resources = 10000`. */
export function nsgShape(resources: number): NsgShape {
  return { networkSecurityGroups: Math.max(1, Math.round(resources / 40)), rulesPerGroup: 39 };
}

const PRIVATE_SOURCES = ['VirtualNetwork', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const CLUSTER_PORTS = ['9200', '9300', '5601', '9200-9300'];

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function put(resources: Resources, type: string, name: string, body: Record<string, unknown>): void {
  (resources[type] ??= {})[name] = body;
}

function nsgResources(shape: NsgShape): Resources {
  const resources: Resources = {};
  for (let n = 0; n < shape.networkSecurityGroups; n++) {
    put(resources, 'azurerm_network_security_group', `nsg${n}`, { name: `search-nsg-${n}`, location: 'westeurope', resource_group_name: 'search-rg' });
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      put(resources, 'azurerm_network_security_rule', `nsg${n}_rule${r}`, {
        name: `clients-${r}`,
        priority: 100 + r * 10,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        source_port_range: '*',
        destination_port_range: CLUSTER_PORTS[r % CLUSTER_PORTS.length],
        source_address_prefix: PRIVATE_SOURCES[r % PRIVATE_SOURCES.length],
        destination_address_prefix: '*',
        resource_group_name: 'search-rg',
        network_security_group_name: `\${azurerm_network_security_group.nsg${n}.name}`,
      });
    }
  }
  return resources;
}

export function nsgResourceCount(shape: NsgShape): number {
  return shape.networkSecurityGroups * (1 + shape.rulesPerGroup);
}

/** One Terraform JSON document. */
export function nsgDocument(shape: NsgShape): object {
  return {
    terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '~> 4.0' } } },
    provider: { azurerm: [{ features: [{}] }] },
    resource: nsgResources(shape),
  };
}

/** The same resources as HCL, `perFile` resources a file: file name -> text. */
export function nsgHclFiles(shape: NsgShape, perFile = 500): Map<string, string> {
  const blocks: string[] = [];
  for (const [type, byName] of Object.entries(nsgResources(shape))) {
    for (const [name, body] of Object.entries(byName)) blocks.push(hclBlock(type, name, body));
  }
  const files = new Map<string, string>();
  files.set('providers.tf', 'terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n      version = "~> 4.0"\n    }\n  }\n}\n\nprovider "azurerm" {\n  features {}\n}\n');
  for (let i = 0; i * perFile < blocks.length; i++) {
    files.set(`nsg-${String(i).padStart(3, '0')}.tf`, blocks.slice(i * perFile, (i + 1) * perFile).join('\n'));
  }
  return files;
}

function hclBlock(type: string, name: string, body: Record<string, unknown>): string {
  const lines = Object.entries(body).map(([key, value]) => {
    if (typeof value === 'number') return `  ${key} = ${value}`;
    const text = String(value);
    // `${x.y.z}` alone is a reference: written bare in HCL.
    const reference = /^\$\{([^}]+)\}$/.exec(text);
    return `  ${key} = ${reference ? reference[1] : JSON.stringify(text)}`;
  });
  return `resource "${type}" "${name}" {\n${lines.join('\n')}\n}\n`;
}

export interface PathHeavyShape {
  readonly nodes: number;
  readonly loadBalancers: number;
  readonly gateways: number;
  /** Subnets, each with its NSG; every NIC also has an NSG of its own (one per subnet, shared by its NICs). */
  readonly nsgPairs: number;
}

/** 1x: 500 NICs behind 50 load balancers and 20 gateways, 200 NSG pairs. */
export function pathHeavyShape(scale: number): PathHeavyShape {
  return { nodes: 500 * scale, loadBalancers: 50 * scale, gateways: 20 * scale, nsgPairs: 200 * scale };
}

export function pathHeavyDocument(shape: PathHeavyShape): { document: object; resources: number } {
  const r: Resources = {};
  const rg = { resource_group_name: 'search-rg', location: 'westeurope' };
  put(r, 'azurerm_virtual_network', 'vnet', { ...rg, name: 'search-vnet', address_space: ['10.0.0.0/8'] });
  // The gateways' subnet: 10.255.0.0/24; NSGs admit only 10.1.0.0/16 (the clients), never the gateways.
  put(r, 'azurerm_subnet', 'gateways', { name: 'gateways', resource_group_name: 'search-rg', virtual_network_name: '${azurerm_virtual_network.vnet.name}', address_prefixes: ['10.255.0.0/24'] });
  for (let p = 0; p < shape.nsgPairs; p++) {
    put(r, 'azurerm_subnet', `s${p}`, { name: `s${p}`, resource_group_name: 'search-rg', virtual_network_name: '${azurerm_virtual_network.vnet.name}', address_prefixes: [`10.${2 + Math.floor(p / 256)}.${p % 256}.0/24`] });
    for (const side of ['subnet', 'nic']) {
      put(r, 'azurerm_network_security_group', `${side}${p}`, {
        ...rg,
        name: `${side}-nsg-${p}`,
        security_rule: [
          { name: 'clients', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_ranges: ['9200', '9300'], source_address_prefix: '10.1.0.0/16', destination_address_prefix: '*' },
          { name: 'deny-internet', priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', source_port_range: '*', destination_port_range: '*', source_address_prefix: 'Internet', destination_address_prefix: '*' },
          { name: 'deny-vnet', priority: 4001, direction: 'Inbound', access: 'Deny', protocol: '*', source_port_range: '*', destination_port_range: '*', source_address_prefix: 'VirtualNetwork', destination_address_prefix: '*' },
        ],
      });
    }
    put(r, 'azurerm_subnet_network_security_group_association', `s${p}`, { subnet_id: `\${azurerm_subnet.s${p}.id}`, network_security_group_id: `\${azurerm_network_security_group.subnet${p}.id}` });
  }
  for (let l = 0; l < shape.loadBalancers; l++) {
    put(r, 'azurerm_public_ip', `lb${l}`, { ...rg, name: `lb-ip-${l}`, allocation_method: 'Static', sku: 'Standard' });
    put(r, 'azurerm_lb', `lb${l}`, { ...rg, name: `lb-${l}`, sku: 'Standard', frontend_ip_configuration: [{ name: 'public', public_ip_address_id: `\${azurerm_public_ip.lb${l}.id}` }] });
    put(r, 'azurerm_lb_backend_address_pool', `lb${l}`, { name: 'es', loadbalancer_id: `\${azurerm_lb.lb${l}.id}` });
    put(r, 'azurerm_lb_rule', `lb${l}`, { name: 'https', loadbalancer_id: `\${azurerm_lb.lb${l}.id}`, protocol: 'Tcp', frontend_port: 443, backend_port: 9200, frontend_ip_configuration_name: 'public', backend_address_pool_ids: [`\${azurerm_lb_backend_address_pool.lb${l}.id}`] });
  }
  for (let g = 0; g < shape.gateways; g++) {
    put(r, 'azurerm_public_ip', `gw${g}`, { ...rg, name: `gw-ip-${g}`, allocation_method: 'Static', sku: 'Standard' });
    put(r, 'azurerm_application_gateway', `gw${g}`, {
      ...rg,
      name: `gw-${g}`,
      sku: [{ name: 'Standard_v2', tier: 'Standard_v2', capacity: 2 }],
      gateway_ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.gateways.id}' }],
      frontend_port: [{ name: 'https', port: 443 }],
      frontend_ip_configuration: [{ name: 'public', public_ip_address_id: `\${azurerm_public_ip.gw${g}.id}` }],
      backend_address_pool: [{ name: 'es' }],
      backend_http_settings: [{ name: 'es', cookie_based_affinity: 'Disabled', port: 9200, protocol: 'Https', request_timeout: 60 }],
      http_listener: [{ name: 'https', frontend_ip_configuration_name: 'public', frontend_port_name: 'https', protocol: 'Https', ssl_certificate_name: 'cert' }],
      request_routing_rule: [{ name: 'es', priority: 100, rule_type: 'Basic', http_listener_name: 'https', backend_address_pool_name: 'es', backend_http_settings_name: 'es' }],
    });
  }
  for (let n = 0; n < shape.nodes; n++) {
    const pair = n % shape.nsgPairs;
    put(r, 'azurerm_network_interface', `es${n}`, { ...rg, name: `es-${n}`, ip_configuration: [{ name: 'internal', subnet_id: `\${azurerm_subnet.s${pair}.id}`, private_ip_address_allocation: 'Dynamic' }] });
    put(r, 'azurerm_network_interface_security_group_association', `es${n}`, { network_interface_id: `\${azurerm_network_interface.es${n}.id}`, network_security_group_id: `\${azurerm_network_security_group.nic${pair}.id}` });
    put(r, 'azurerm_linux_virtual_machine', `es${n}`, {
      ...rg,
      name: `es-${n}`,
      size: 'Standard_D4s_v5',
      admin_username: 'search',
      network_interface_ids: [`\${azurerm_network_interface.es${n}.id}`],
      tags: { 'search-guardrails:cluster': 'search' },
      os_disk: [{ caching: 'ReadWrite', storage_account_type: 'Premium_LRS' }],
      source_image_reference: [{ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }],
    });
    const lb = n % shape.loadBalancers;
    put(r, 'azurerm_network_interface_backend_address_pool_association', `es${n}`, { network_interface_id: `\${azurerm_network_interface.es${n}.id}`, ip_configuration_name: 'internal', backend_address_pool_id: `\${azurerm_lb_backend_address_pool.lb${lb}.id}` });
    const gw = n % shape.gateways;
    put(r, 'azurerm_network_interface_application_gateway_backend_address_pool_association', `es${n}`, {
      network_interface_id: `\${azurerm_network_interface.es${n}.id}`,
      ip_configuration_name: 'internal',
      backend_address_pool_id: `\${tolist(azurerm_application_gateway.gw${gw}.backend_address_pool)[0].id}`,
    });
  }
  const resources = Object.values(r).reduce((count, byName) => count + Object.keys(byName).length, 0);
  return { document: { provider: { azurerm: [{ features: [{}] }] }, resource: r }, resources };
}
