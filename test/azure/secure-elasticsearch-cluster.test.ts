import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { TerraformStack, Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { clusterJson, clusterStack, cloudConfigOf, decode, machines, resourceEntries, resourcesOf, writtenFile } from './cluster/synth';
import { openInternetRule } from './nsg-rules';
import { SearchGuardrails, SecureElasticsearchCluster } from '../../src/azure';
import { runTool } from '../system-tool';

const ES_YML = '/etc/search-guardrails/elasticsearch.yml';
const SCRIPT = '/usr/local/sbin/search-guardrails-bootstrap';
const UNIT = '/etc/systemd/system/search-guardrails-bootstrap.service';

describe('SecureElasticsearchCluster with defaults', () => {
  let json: any;
  let cloudConfigs: string[];
  let cluster: SecureElasticsearchCluster;

  beforeAll(() => {
    const app = Testing.app();
    SearchGuardrails.enforce(app);
    const built = clusterStack(app, 'search');
    cluster = built.cluster;
    app.synth(); // the fully secure app passes the guard
    json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'search', 'cdk.tf.json'), 'utf8'));
    cloudConfigs = machines(json).map(vm => decode(vm.custom_data));
  });

  test('the only public IP is the NAT gateway outbound address', () => {
    const publicIps = Object.keys(json.resource.azurerm_public_ip);
    expect(publicIps).toHaveLength(1);
    expect(resourcesOf(json, 'azurerm_nat_gateway_public_ip_association')[0].public_ip_address_id).toBe(`\${azurerm_public_ip.${publicIps[0]}.id}`);
    for (const nic of resourcesOf(json, 'azurerm_network_interface')) {
      expect(nic.ip_configuration[0].public_ip_address_id).toBeUndefined();
    }
  });

  test('three VMs with static private addresses sit behind an internal Standard load balancer on 9200 with a probe', () => {
    expect(machines(json)).toHaveLength(3);
    const [lb] = resourcesOf(json, 'azurerm_lb');
    expect(lb.sku).toBe('Standard');
    expect(lb.frontend_ip_configuration).toEqual([expect.objectContaining({ private_ip_address: '10.42.1.4', subnet_id: expect.stringContaining('azurerm_subnet') })]);
    expect(lb.frontend_ip_configuration[0].public_ip_address_id).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_lb_rule')[0]).toEqual(expect.objectContaining({ frontend_port: 9200, backend_port: 9200 }));
    expect(resourcesOf(json, 'azurerm_lb_probe')[0]).toEqual(expect.objectContaining({ port: 9200, protocol: 'Tcp' }));
    expect(cluster.loadBalancerAddress).toBe('10.42.1.4');
    expect(cluster.nodeAddresses).toEqual(['10.42.1.10', '10.42.1.11', '10.42.1.12']);
  });

  test('in a region with availability zones the nodes and their data disks are spread over zones 1-3 behind a zone-redundant frontend', () => {
    expect(machines(json).map(vm => vm.zone)).toEqual(['1', '2', '3']);
    expect(resourcesOf(json, 'azurerm_managed_disk').map(d => d.zone).sort()).toEqual(['1', '2', '3']);
    expect(resourcesOf(json, 'azurerm_lb')[0].frontend_ip_configuration[0].zones).toEqual(['1', '2', '3']);
  });

  test('the NSG on the subnet admits 9200 from the VNet, 9300 only between nodes, and denies the Internet', () => {
    const [nsg] = resourcesOf(json, 'azurerm_network_security_group');
    const rules = Object.fromEntries(nsg.security_rule.map((r: any) => [r.name, r]));
    expect(rules.AllowElasticsearchHttpFromVnet).toEqual(expect.objectContaining({ source_address_prefix: 'VirtualNetwork', destination_port_range: '9200', access: 'Allow' }));
    expect(rules.AllowTransportBetweenNodes.source_address_prefixes).toEqual(['10.42.1.10/32', '10.42.1.11/32', '10.42.1.12/32']);
    expect(rules.DenyTransportFromElsewhere).toEqual(expect.objectContaining({ access: 'Deny', destination_port_range: '9300', source_address_prefix: '*' }));
    expect(rules.DenyInternetInbound).toEqual(expect.objectContaining({ access: 'Deny', source_address_prefix: 'Internet', destination_port_range: '*' }));
    expect(nsg.security_rule.some((r: any) => r.destination_port_range === '22')).toBe(false);
    expect(resourcesOf(json, 'azurerm_subnet_network_security_group_association')).toHaveLength(1);
  });

  test('the Key Vault uses RBAC, refuses public network access and has purge protection; each node reads it with its own user-assigned identity', () => {
    const [vault] = resourcesOf(json, 'azurerm_key_vault');
    expect(vault).toEqual(expect.objectContaining({
      enable_rbac_authorization: true, public_network_access_enabled: false, purge_protection_enabled: true,
    }));
    expect(resourcesOf(json, 'azurerm_private_endpoint')).toHaveLength(1);
    const identities = resourceEntries(json, 'azurerm_user_assigned_identity').map(([id]) => id);
    expect(identities).toHaveLength(3);
    machines(json).forEach((vm, index) => {
      expect(vm.identity).toEqual({ type: 'UserAssigned', identity_ids: [`\${azurerm_user_assigned_identity.${identities[index]}.id}`] });
    });
    const roles = resourcesOf(json, 'azurerm_role_assignment').map(r => [r.role_definition_name, r.principal_id]);
    expect(roles).toEqual([
      ['Key Vault Secrets Officer', `\${azurerm_user_assigned_identity.${identities[0]}.principal_id}`],
      ['Key Vault Secrets User', `\${azurerm_user_assigned_identity.${identities[1]}.principal_id}`],
      ['Key Vault Secrets User', `\${azurerm_user_assigned_identity.${identities[2]}.principal_id}`],
    ]);
    expect(json.resource.azurerm_key_vault_secret).toBeUndefined();
  });

  test('every VM is created after its role assignment, the private endpoint and DNS link, and the subnet NAT and NSG associations', () => {
    const address = (type: string) => resourceEntries(json, type).map(([id]) => `${type}.${id}`);
    const roles = address('azurerm_role_assignment');
    const shared = [
      ...address('azurerm_private_endpoint'), ...address('azurerm_private_dns_zone_virtual_network_link'),
      ...address('azurerm_subnet_nat_gateway_association'), ...address('azurerm_subnet_network_security_group_association'),
      ...address('azurerm_nat_gateway_public_ip_association'),
    ];
    expect(shared).toHaveLength(5);
    machines(json).forEach((vm, index) => {
      expect(vm.depends_on).toEqual(expect.arrayContaining([roles[index], ...shared]));
    });
  });

  test('each node keeps its data on a managed disk of its own, attached at LUN 0', () => {
    const disks = resourceEntries(json, 'azurerm_managed_disk');
    expect(disks.map(([, d]) => [d.name, d.create_option, d.disk_size_gb])).toEqual([['es-0-data', 'Empty', 256], ['es-1-data', 'Empty', 256], ['es-2-data', 'Empty', 256]]);
    const attachments = resourcesOf(json, 'azurerm_virtual_machine_data_disk_attachment');
    expect(attachments.map(a => [a.managed_disk_id, a.lun])).toEqual(disks.map(([id]) => [`\${azurerm_managed_disk.${id}.id}`, 0]));
  });

  test('outputs name the load balancer endpoint and the vault, and hold no secret', () => {
    expect(Object.keys(json.output).sort()).toEqual(['es_endpoint', 'es_key_vault_name', 'es_key_vault_uri']);
    expect(json.output.es_endpoint.value).toBe('https://10.42.1.4:9200');
    expect(json.output.es_key_vault_name.value).toMatch(/^\$\{azurerm_key_vault\.\w+\.name\}$/);
    expect(json.output.es_key_vault_uri.value).toMatch(/^\$\{azurerm_key_vault\.\w+\.vault_uri\}$/);
  });

  test('no secret is in custom_data, user_data or anywhere in the Terraform JSON', () => {
    const userData = machines(json).map(vm => decode(vm.user_data));
    const text = JSON.stringify(json) + cloudConfigs.join('\n') + userData.join('\n');
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|ELASTIC_PASSWORD|bootstrap\.password/);
    for (const config of [...cloudConfigs, ...userData]) {
      expect(config).not.toMatch(/password\s*[:=]/i);
    }
  });

  test('each rendered elasticsearch.yml turns security and TLS on HTTP and transport on, on the private address, and reads its seeds from a file', () => {
    machines(json).forEach((vm, index) => {
      const yml = parseYaml(writtenFile(vm, ES_YML).content);
      expect(yml).toEqual(expect.objectContaining({
        'xpack.security.enabled': true,
        'xpack.security.http.ssl.enabled': true,
        'xpack.security.transport.ssl.enabled': true,
        'xpack.security.transport.ssl.verification_mode': 'full',
        'network.host': `10.42.1.${10 + index}`,
        'discovery.seed_providers': 'file',
      }));
      // What changes with the cluster's size lives in user_data, not here.
      expect(Object.keys(yml).filter(k => k.includes('anonymous') || k.startsWith('cluster.initial_master_nodes') || k === 'discovery.seed_hosts')).toEqual([]);
    });
  });

  test('the bootstrap runs as a systemd unit that retries on failure, enabled by runcmd instead of run by it', () => {
    const vm = machines(json)[0];
    expect(cloudConfigOf(vm).runcmd).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', '--no-block', 'search-guardrails-bootstrap.service'],
    ]);
    const unit = writtenFile(vm, UNIT).content;
    expect(unit).toContain(`ExecStart=${SCRIPT}`);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=0$/m);
  });

  test('the VMs carry the vault URI as a tag and the cluster layout as user_data (both updated in place)', () => {
    for (const vm of machines(json)) {
      expect(vm.tags['search-guardrails:key-vault-uri']).toMatch(/^\$\{azurerm_key_vault\.\w+\.vault_uri\}$/);
      expect(decode(vm.user_data)).toBe('ES_VERSION=8.15.3\nSEED_HOSTS=10.42.1.10:9300,10.42.1.11:9300,10.42.1.12:9300\nINITIAL_MASTER_NODES=es-0,es-1,es-2\n');
    }
  });

  test('the cloud-config passes `cloud-init schema`, its script shellcheck and its unit `systemd-analyze verify`', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-cloud-init-'));
    const configFile = path.join(dir, 'node-0.yaml');
    fs.writeFileSync(configFile, cloudConfigs[0]);
    const schema = runTool('cloud-init', ['schema', '--config-file', configFile]);
    expect(schema).toMatchObject({ status: 0, stdout: expect.stringMatching(/Valid (schema|cloud-config)/i) });

    const vm = machines(json)[0];
    const scriptFile = path.join(dir, 'search-guardrails-bootstrap');
    fs.writeFileSync(scriptFile, writtenFile(vm, SCRIPT).content, { mode: 0o700 });
    // Fails (showing shellcheck's findings) on any warning; a missing shellcheck fails, naming what to install.
    expect(runTool('shellcheck', ['--severity=style', scriptFile])).toEqual({ status: 0, stdout: '', stderr: '' });
    // The unit as written, with ExecStart pointed at the copy of the script (verify checks that it exists).
    const unitFile = path.join(dir, 'search-guardrails-bootstrap.service');
    fs.writeFileSync(unitFile, writtenFile(vm, UNIT).content.replace(SCRIPT, scriptFile));
    expect(runTool('systemd-analyze', ['verify', '--man=no', unitFile])).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('SecureElasticsearchCluster: routine changes and stable names', () => {
  test('a new node count or Elasticsearch patch version replaces no VM: custom_data of the existing nodes is unchanged, user_data is updated', () => {
    const before = machines(clusterJson());
    const after = machines(clusterJson({ nodeCount: 5, elasticsearchVersion: '8.15.4' }));
    expect(after).toHaveLength(5);
    // azurerm replaces a linux VM when custom_data changes (ForceNew) and updates user_data and tags in place.
    before.forEach((vm, index) => {
      expect(after[index].custom_data).toBe(vm.custom_data);
      expect(after[index].zone).toBe(vm.zone);
      expect(after[index].name).toBe(vm.name);
    });
    expect(decode(after[0].user_data)).toContain('ES_VERSION=8.15.4\n');
    expect(decode(after[4].user_data)).toContain('INITIAL_MASTER_NODES=es-0,es-1,es-2,es-3,es-4\n');
  });

  test('the Key Vault name is computed by Terraform from the subscription, resource group, location and construct path', () => {
    const [vault] = resourcesOf(clusterJson(), 'azurerm_key_vault');
    expect(vault.name).toMatch(/^\$\{join\("", \["es", substr\(sha256\(join\("\/", \[data\.azurerm_client_config\.\w+\.subscription_id, "search-rg", "westeurope", "search\/es"\]\)\), 0, 20\)\]\)\}$/);
  });

  test('adding an unrelated resource renames no vault and rewrites no custom_data, with a resource group given as a reference', () => {
    const build = (extra: boolean) => {
      const stack = new TerraformStack(Testing.app(), 'search');
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      if (extra) new PublicIp(stack, 'unrelated', { name: 'unrelated', location: 'westeurope', resourceGroupName: 'other', allocationMethod: 'Static', sku: 'Standard' });
      const group = new ResourceGroup(stack, 'rg', { name: 'search-rg', location: 'westeurope' });
      new SecureElasticsearchCluster(stack, 'es', { resourceGroupName: group.name, location: group.location });
      return JSON.parse(Testing.synth(stack));
    };
    const a = build(false);
    const b = build(true);
    expect(resourcesOf(a, 'azurerm_key_vault')[0].name).toContain('azurerm_resource_group.rg.name');
    expect(resourcesOf(b, 'azurerm_key_vault')[0].name).toBe(resourcesOf(a, 'azurerm_key_vault')[0].name);
    expect(machines(b).map(vm => vm.custom_data)).toEqual(machines(a).map(vm => vm.custom_data));
  });
});

describe('SecureElasticsearchCluster: network layout', () => {
  test('the node and Bastion subnets are derived from addressSpace', () => {
    const json = clusterJson({ addressSpace: '10.50.0.0/16', enableBastion: true, adminSshPublicKey: 'ssh-ed25519 AAAA test' });
    const subnets = Object.fromEntries(resourcesOf(json, 'azurerm_subnet').map(s => [s.name, s.address_prefixes]));
    expect(subnets).toEqual({ 'es-nodes': ['10.50.1.0/24'], 'AzureBastionSubnet': ['10.50.255.0/26'] });
    expect(resourcesOf(json, 'azurerm_lb')[0].frontend_ip_configuration[0].private_ip_address).toBe('10.50.1.4');
    expect(resourcesOf(json, 'azurerm_network_interface').map(n => n.ip_configuration[0].private_ip_address)).toEqual(['10.50.1.10', '10.50.1.11', '10.50.1.12']);
  });

  test.each([
    ['a node subnet outside the address space', { addressSpace: '10.50.0.0/16', subnetAddressPrefix: '10.42.1.0/24' }, /subnetAddressPrefix "10.42.1.0\/24" is not inside addressSpace 10.50.0.0\/16/],
    ['an address space too small for the defaults', { addressSpace: '10.50.0.0/24' }, /addressSpace "10.50.0.0\/24" is smaller than a \/22/],
    ['a Bastion subnet inside the node subnet', { enableBastion: true, bastionSubnetAddressPrefix: '10.42.1.64/26' }, /bastionSubnetAddressPrefix "10.42.1.64\/26" is not inside addressSpace 10.42.0.0\/16 apart from the node subnet/],
    ['a Bastion subnet smaller than /26', { enableBastion: true, bastionSubnetAddressPrefix: '10.42.200.0/27' }, /smaller than the \/26 Azure Bastion needs/],
  ])('%s is refused at once', (_name, props, message) => {
    expect(() => clusterJson(props)).toThrow(message);
  });

  test('with its own subnet, nothing is associated with the subnet: the NSG goes on the NICs and no NAT gateway or public IP is made', () => {
    const subnetId = '/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/corp/subnets/search';
    const json = clusterJson({ subnetId, subnetAddressPrefix: '10.8.4.0/24' });
    expect(resourcesOf(json, 'azurerm_subnet_network_security_group_association')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_subnet_nat_gateway_association')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_nat_gateway')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_public_ip')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_virtual_network')).toEqual([]);
    const [[nsgId]] = resourceEntries(json, 'azurerm_network_security_group');
    const nics = resourceEntries(json, 'azurerm_network_interface').map(([id]) => `\${azurerm_network_interface.${id}.id}`);
    expect(resourcesOf(json, 'azurerm_network_interface_security_group_association').map(a => [a.network_interface_id, a.network_security_group_id]))
      .toEqual(nics.map(nic => [nic, `\${azurerm_network_security_group.${nsgId}.id}`]));
    // The vault's DNS zone is linked to the VNet that holds the subnet.
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')[0].virtual_network_id)
      .toBe('/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/corp');
  });

  test('a subnet given as a reference links the DNS zone to its VNet through a Terraform expression', () => {
    const stack = new TerraformStack(Testing.app(), 'search');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    const corp = new Subnet(stack, 'corp', { name: 'search', resourceGroupName: 'net', virtualNetworkName: 'corp', addressPrefixes: ['10.8.4.0/24'] });
    new SecureElasticsearchCluster(stack, 'es', { resourceGroupName: 'search-rg', location: 'westeurope', subnetId: corp.id, subnetAddressPrefix: '10.8.4.0/24' });
    const json = JSON.parse(Testing.synth(stack));
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')[0].virtual_network_id).toBe('${element(split("/subnets/", azurerm_subnet.corp.id), 0)}');
  });

  test('an existing private DNS zone is used as it is: no zone and no link are created', () => {
    const zoneId = '/subscriptions/0000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net';
    const json = clusterJson({ privateDnsZoneId: zoneId });
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')).toEqual([]);
    expect(resourcesOf(json, 'azurerm_private_endpoint')[0].private_dns_zone_group).toEqual(expect.objectContaining({ private_dns_zone_ids: [zoneId] }));
  });

  test('a region without availability zones, or an empty list, places no zones; a list given is used round robin', () => {
    expect(machines(clusterJson({ location: 'westcentralus' })).map(vm => vm.zone)).toEqual([undefined, undefined, undefined]);
    expect(machines(clusterJson({ availabilityZones: [] })).map(vm => vm.zone)).toEqual([undefined, undefined, undefined]);
    expect(machines(clusterJson({ availabilityZones: ['1', '2'] })).map(vm => vm.zone)).toEqual(['1', '2', '1']);
  });
});

describe('SecureElasticsearchCluster: a way in', () => {
  test('adminPrincipalIds may read the CA and the password: Key Vault Secrets User on the vault', () => {
    const json = clusterJson({ adminPrincipalIds: ['11111111-1111-1111-1111-111111111111'] });
    const [[vaultId]] = resourceEntries(json, 'azurerm_key_vault');
    expect(resourcesOf(json, 'azurerm_role_assignment').filter(r => !String(r.principal_id).includes('user_assigned_identity'))).toEqual([
      expect.objectContaining({ principal_id: '11111111-1111-1111-1111-111111111111', role_definition_name: 'Key Vault Secrets User', scope: `\${azurerm_key_vault.${vaultId}.id}` }),
    ]);
  });
});

describe('SecureElasticsearchCluster composed with insecure changes', () => {
  test('a rule added to its NSG that opens 9200 to the Internet fails synthesis without enforce on the app', () => {
    const app = Testing.app();
    const { stack, cluster } = clusterStack(app, 'opened');
    openInternetRule(stack, cluster.networkSecurityGroup.name, 'search-rg');
    expect(() => app.synth()).toThrow(/\[opened\/open\] public-ingress/);
  });

  test('a public IP on a jump box in the cluster subnet, not on a node, is no finding by itself: the subnet NSG denies the Internet', () => {
    const app = Testing.app();
    const { stack, cluster } = clusterStack(app, 'pip');
    const pip = new PublicIp(stack, 'pip', { name: 'jump', location: 'westeurope', resourceGroupName: 'search-rg', allocationMethod: 'Static', sku: 'Standard' });
    new NetworkInterface(stack, 'jump', {
      name: 'jump',
      location: 'westeurope',
      resourceGroupName: 'search-rg',
      ipConfiguration: [{ name: 'ip', subnetId: cluster.subnetId, privateIpAddressAllocation: 'Dynamic', publicIpAddressId: pip.id }],
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('props that would expose the cluster are refused at once', () => {
    expect(() => clusterJson({ allowedClientCidrs: ['10.0.0.0/8', '8.8.8.0/24'] })).toThrow(/allowedClientCidrs "8\.8\.8\.0\/24" contains public addresses/);
    expect(() => clusterJson({ elasticsearchVersion: '7.17.0' })).toThrow(/not an Elasticsearch 8 version/);
    expect(() => clusterJson({ subnetId: '/subscriptions/x/subnets/y' })).toThrow(/subnetAddressPrefix/);
  });

  test.each([[2], [4], [0], [51]])('a node count of %d is refused: odd counts only', count => {
    expect(() => clusterJson({ nodeCount: count })).toThrow(`nodeCount ${count} is not an odd whole number from 1 to 49`);
  });

  test.each([[1], [5]])('a node count of %d is accepted', count => {
    expect(machines(clusterJson({ nodeCount: count }))).toHaveLength(count);
  });
});
