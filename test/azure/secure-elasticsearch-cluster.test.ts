import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { openInternetRule } from './nsg-rules';
import { SearchGuardrails, SecureElasticsearchCluster } from '../../src/azure';

const resourcesOf = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});

function clusterStack(app: App, id: string, props: Partial<ConstructorParameters<typeof SecureElasticsearchCluster>[2]> = {}) {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const cluster = new SecureElasticsearchCluster(stack, 'es', { resourceGroupName: 'search-rg', location: 'westeurope', ...props });
  return { stack, cluster };
}

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
    cloudConfigs = resourcesOf(json, 'azurerm_linux_virtual_machine').map(vm => Buffer.from(vm.custom_data, 'base64').toString('utf8'));
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
    expect(resourcesOf(json, 'azurerm_linux_virtual_machine')).toHaveLength(3);
    const [lb] = resourcesOf(json, 'azurerm_lb');
    expect(lb.sku).toBe('Standard');
    expect(lb.frontend_ip_configuration).toEqual([expect.objectContaining({ private_ip_address: '10.42.1.4', subnet_id: expect.stringContaining('azurerm_subnet') })]);
    expect(lb.frontend_ip_configuration[0].public_ip_address_id).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_lb_rule')[0]).toEqual(expect.objectContaining({ frontend_port: 9200, backend_port: 9200 }));
    expect(resourcesOf(json, 'azurerm_lb_probe')[0]).toEqual(expect.objectContaining({ port: 9200, protocol: 'Tcp' }));
    expect(cluster.loadBalancerAddress).toBe('10.42.1.4');
    expect(cluster.nodeAddresses).toEqual(['10.42.1.10', '10.42.1.11', '10.42.1.12']);
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

  test('the Key Vault uses RBAC, refuses public network access and has purge protection; nodes read it with their identity', () => {
    const [vault] = resourcesOf(json, 'azurerm_key_vault');
    expect(vault).toEqual(expect.objectContaining({
      enable_rbac_authorization: true, public_network_access_enabled: false, purge_protection_enabled: true,
    }));
    expect(resourcesOf(json, 'azurerm_private_endpoint')).toHaveLength(1);
    const roles = resourcesOf(json, 'azurerm_role_assignment').map(r => r.role_definition_name);
    expect(roles.filter(r => r === 'Key Vault Secrets User')).toHaveLength(3);
    expect(roles.filter(r => r === 'Key Vault Secrets Officer')).toHaveLength(1);
    expect(json.resource.azurerm_key_vault_secret).toBeUndefined();
    expect(json.output).toBeUndefined();
  });

  test('no secret is in custom_data or anywhere in the Terraform JSON', () => {
    const text = JSON.stringify(json) + cloudConfigs.join('\n');
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|ELASTIC_PASSWORD|bootstrap\.password/);
    for (const config of cloudConfigs) {
      expect(config).not.toMatch(/password\s*[:=]/i);
    }
  });

  test('each rendered elasticsearch.yml turns security and TLS on HTTP and transport on, on the private address', () => {
    cloudConfigs.forEach((config, index) => {
      const file = parseYaml(config).write_files.find((f: any) => f.path.endsWith('elasticsearch.yml'));
      const yml = parseYaml(file.content);
      expect(yml).toEqual(expect.objectContaining({
        'xpack.security.enabled': true,
        'xpack.security.http.ssl.enabled': true,
        'xpack.security.transport.ssl.enabled': true,
        'network.host': `10.42.1.${10 + index}`,
        'discovery.seed_hosts': ['10.42.1.10:9300', '10.42.1.11:9300', '10.42.1.12:9300'],
      }));
      expect(Object.keys(yml).some(k => k.includes('anonymous'))).toBe(false);
    });
  });

  test('the cloud-config passes `cloud-init schema` and its shell script passes shellcheck', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-cloud-init-'));
    const configFile = path.join(dir, 'node-0.yaml');
    fs.writeFileSync(configFile, cloudConfigs[0]);
    const schema = execFileSync('cloud-init', ['schema', '--config-file', configFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(schema).toMatch(/Valid (schema|cloud-config)/i);

    const script = parseYaml(cloudConfigs[0]).write_files.find((f: any) => f.path.endsWith('search-guardrails-bootstrap')).content;
    const scriptFile = path.join(dir, 'bootstrap.sh');
    fs.writeFileSync(scriptFile, script);
    // Throws (with shellcheck's findings) on any warning.
    execFileSync('shellcheck', ['--severity=style', scriptFile], { encoding: 'utf8' });
    expect(script).toMatch(/^#!\/bin\/bash/);
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
    const app = Testing.app();
    expect(() => clusterStack(app, 'bad', { allowedClientCidrs: ['10.0.0.0/8', '8.8.8.0/24'] })).toThrow(/allowedClientCidrs "8\.8\.8\.0\/24" contains public addresses/);
    expect(() => clusterStack(Testing.app(), 'bad2', { elasticsearchVersion: '7.17.0' })).toThrow(/not an Elasticsearch 8 version/);
    expect(() => clusterStack(Testing.app(), 'bad3', { subnetId: '/subscriptions/x/subnets/y' })).toThrow(/subnetAddressPrefix/);
  });
});
