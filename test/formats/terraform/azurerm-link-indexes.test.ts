/**
 * The azurerm translator looks links up in indexes built once per document (users of a load balancer,
 * of a pool, of a gateway; NIC memberships). These cases pin what the indexes must not change: which
 * document a reference resolves in, which gateway a pool id names, and that one unresolved
 * association still leaves every NIC's groups unknown.
 */
import { stringify as toYaml } from 'yaml';
import { InfrastructureModel, resourceKey } from '../../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const customData = b64(`#cloud-config\n${toYaml({ write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: 'xpack.security.enabled: true\n' }] })}`);
const key = (resource: string, file = 'main.tf.json') => resourceKey({ resource, resourceType: '', file });

function modelOf(resource: Record<string, unknown>): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })]);
}

/** Node VMs with one NIC each (`ip` configuration), in subnet es. */
function nodes(...names: string[]): Record<string, Record<string, unknown>> {
  return {
    azurerm_subnet: { es: { name: 'es', address_prefixes: ['10.0.1.0/24'] }, gw: { name: 'gw', address_prefixes: ['10.0.9.0/24'] } },
    azurerm_linux_virtual_machine: Object.fromEntries(names.map(n => [n, { custom_data: customData, network_interface_ids: [`\${azurerm_network_interface.${n}.id}`] }])),
    azurerm_network_interface: Object.fromEntries(names.map(n => [n, { ip_configuration: [{ name: 'ip', subnet_id: '${azurerm_subnet.es.id}' }] }])),
  };
}

function publicLoadBalancer(name: string): Record<string, Record<string, unknown>> {
  return {
    azurerm_public_ip: { [name]: { allocation_method: 'Static' } },
    azurerm_lb: { [name]: { frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: `\${azurerm_public_ip.${name}.id}` }] } },
    azurerm_lb_backend_address_pool: { [name]: { name: 'pool', loadbalancer_id: `\${azurerm_lb.${name}.id}` } },
    azurerm_lb_rule: {
      [name]: {
        loadbalancer_id: `\${azurerm_lb.${name}.id}`,
        protocol: 'Tcp',
        frontend_port: 443,
        backend_port: 9200,
        backend_address_pool_ids: [`\${azurerm_lb_backend_address_pool.${name}.id}`],
      },
    },
  };
}

function gateway(name: string, id?: string): Record<string, unknown> {
  return {
    ...(id ? { id } : {}),
    gateway_ip_configuration: [{ name: 'gw', subnet_id: '${azurerm_subnet.gw.id}' }],
    frontend_ip_configuration: [{ name: 'public', public_ip_address_id: `\${azurerm_public_ip.${name}.id}` }],
    frontend_port: [{ name: 'https', port: 443 }],
    backend_address_pool: [{ name: 'a' }, { name: 'b' }],
    backend_http_settings: [{ name: 'es', port: 9200 }],
    http_listener: [{ name: 'https', frontend_ip_configuration_name: 'public', frontend_port_name: 'https' }],
    request_routing_rule: [{ name: 'to-a', http_listener_name: 'https', backend_address_pool_name: 'a', backend_http_settings_name: 'es' }],
  };
}

const association = (nic: string, pool: string) => ({ network_interface_id: `\${azurerm_network_interface.${nic}.id}`, ip_configuration_name: 'ip', backend_address_pool_id: pool });

function targetsOf(model: InfrastructureModel, entry: string): unknown[] {
  const found = (model.entryPoints ?? []).find(e => e.location.resource === entry);
  return found ? found.forwards.flatMap(f => f.targets) : [];
}

describe('azurerm link indexes', () => {
  test('the same reference text in two documents resolves in each document to its own pool and NIC', () => {
    const document = (file: string, nic: string) => {
      const lb = publicLoadBalancer('pub');
      return terraformJsonToDocument({
        resource: {
          ...lb,
          ...nodes(nic),
          azurerm_network_interface_backend_address_pool_association: { a: association(nic, '${azurerm_lb_backend_address_pool.pub.id}') },
        },
      }, { file });
    };
    const model = terraformToModel([document('one.tf.json', 'es0'), document('two.tf.json', 'es1')]);
    const byFile = Object.fromEntries((model.entryPoints ?? []).map(e => [e.location.file, e.forwards.flatMap(f => f.targets)]));
    expect(byFile).toEqual({
      'one.tf.json': [{ known: true, value: key('azurerm_network_interface.es0', 'one.tf.json') }],
      'two.tf.json': [{ known: true, value: key('azurerm_network_interface.es1', 'two.tf.json') }],
    });
  });

  test('each load balancer forwards only to the NICs in its own pool, and a pool that is not in the input is unknown', () => {
    const one = publicLoadBalancer('one');
    const two = publicLoadBalancer('two');
    const model = modelOf({
      ...nodes('es0', 'es1'),
      azurerm_public_ip: { ...one.azurerm_public_ip, ...two.azurerm_public_ip },
      azurerm_lb: { ...one.azurerm_lb, ...two.azurerm_lb, three: { frontend_ip_configuration: [{ name: 'fe', public_ip_address_id: '${azurerm_public_ip.one.id}' }] } },
      azurerm_lb_backend_address_pool: { ...one.azurerm_lb_backend_address_pool, ...two.azurerm_lb_backend_address_pool },
      azurerm_lb_rule: {
        ...one.azurerm_lb_rule,
        ...two.azurerm_lb_rule,
        three: { loadbalancer_id: '${azurerm_lb.three.id}', protocol: 'Tcp', frontend_port: 443, backend_port: 9200, backend_address_pool_ids: ['${var.pool_id}'] },
      },
      azurerm_network_interface_backend_address_pool_association: {
        es0: association('es0', '${azurerm_lb_backend_address_pool.one.id}'),
        es1: association('es1', '${azurerm_lb_backend_address_pool.two.id}'),
      },
    });
    expect(targetsOf(model, 'azurerm_lb.one')).toEqual([{ known: true, value: key('azurerm_network_interface.es0') }]);
    expect(targetsOf(model, 'azurerm_lb.two')).toEqual([{ known: true, value: key('azurerm_network_interface.es1') }]);
    expect(targetsOf(model, 'azurerm_lb.three')).toEqual([{ known: false, reason: expect.stringContaining('var.pool_id') }]);
  });

  test('a gateway pool reference names its own gateway only, one that may name either gateway counts for both, and a deployed id matches in any letter case', () => {
    const sub = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network';
    const model = modelOf({
      ...nodes('es0', 'es1', 'es2', 'es3'),
      azurerm_public_ip: { gw: { allocation_method: 'Static' }, gw2: { allocation_method: 'Static' }, gw3: { allocation_method: 'Static' } },
      azurerm_application_gateway: { gw: gateway('gw'), gw2: gateway('gw2'), gw3: gateway('gw3', `${sub}/applicationGateways/GW3`) },
      azurerm_network_interface_application_gateway_backend_address_pool_association: {
        es0: association('es0', '${tolist(azurerm_application_gateway.gw.backend_address_pool)[0].id}'),
        es1: association('es1', '${tolist(azurerm_application_gateway.gw2.backend_address_pool)[0].id}'),
        es2: association('es2', '${var.x ? azurerm_application_gateway.gw.backend_address_pool : azurerm_application_gateway.gw2.backend_address_pool}'),
        es3: association('es3', `${sub.toLowerCase()}/applicationgateways/gw3/backendAddressPools/A`),
      },
    });
    const nic = (n: string) => ({ known: true, value: key(`azurerm_network_interface.${n}`) });
    // es2's pool is either gateway's, by no name or index: read as every pool of both.
    expect(targetsOf(model, 'azurerm_application_gateway.gw')).toEqual([nic('es0'), nic('es2')]);
    expect(targetsOf(model, 'azurerm_application_gateway.gw2')).toEqual([nic('es1'), nic('es2')]);
    expect(targetsOf(model, 'azurerm_application_gateway.gw3')).toEqual([nic('es3')]);
  });

  test('an application security group association to a NIC the input does not resolve leaves the groups of every NIC unknown', () => {
    const resource = (extra: Record<string, unknown>) => ({
      ...nodes('es0', 'es1'),
      azurerm_application_security_group: { es: { name: 'es' } },
      azurerm_network_interface_application_security_group_association: {
        es0: { network_interface_id: '${azurerm_network_interface.es0.id}', application_security_group_id: '${azurerm_application_security_group.es.id}' },
        ...extra,
      },
    });
    const groups = (model: InfrastructureModel) => Object.fromEntries(model.nodes!.map(n => [n.location.resource, n.applicationSecurityGroups]));
    expect(groups(modelOf(resource({})))).toEqual({
      'azurerm_network_interface.es0': [key('azurerm_application_security_group.es')],
      'azurerm_network_interface.es1': [],
    });
    expect(groups(modelOf(resource({ other: { network_interface_id: '${var.nic_id}', application_security_group_id: '${azurerm_application_security_group.es.id}' } })))).toEqual({
      'azurerm_network_interface.es0': undefined,
      'azurerm_network_interface.es1': undefined,
    });
  });
});
