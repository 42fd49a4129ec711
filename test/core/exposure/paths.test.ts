/**
 * The classes of issue 9 at the model level: each a named test on a literal v2 model (entry points,
 * forwards, nodes with filter stages), judged by the one engine.
 */
import { evaluate } from '../../../src/core/engine';
import { Finding, PathHopKind, RuleId } from '../../../src/core/findings/finding';
import { EntryPoint, Firewall, InfrastructureModel, known, resourceKey } from '../../../src/core/model/model';
import { managedDomain, networkSecurityGroup, SECURE_DOMAIN_FACTS, securityGroup, UNKNOWN } from '../model-builders';
import { clusterNode, entryPoint, forward, NodeSpec, opaqueChange, selfManagedCluster } from '../path-builders';

function findingsOf(model: Partial<InfrastructureModel>): Finding[] {
  return [...evaluate({ clusters: [selfManagedCluster()], firewalls: [], ...model }).findings];
}
const ids = (findings: Finding[]) => findings.map(f => `${f.ruleId} ${f.resource}`).sort();
const node = (id: string, spec: NodeSpec) => clusterNode(id, spec);

/** An NSG that admits only VirtualNetwork to 9200 and refuses the internet (a private node). */
const privateNicNsg = (): Firewall => networkSecurityGroup('es-nsg', [
  { name: 'allow-vnet', ports: '9200', sources: ['VirtualNetwork'], priority: 100 },
  { name: 'deny-internet', access: 'deny', ports: '*', sources: ['Internet'], priority: 4000 },
]);

describe('a public proxy in front of a private node is exposed', () => {
  test('an application gateway listener whose backend pool holds a NIC behind an NSG that admits only VirtualNetwork is public-endpoint', () => {
    const gateway: EntryPoint = entryPoint('appgw', 'application-gateway', [{
      name: 'listener 443',
      resource: 'azurerm_application_gateway.appgw',
      frontend: '443',
      backend: 9200,
      targets: ['es-0'],
      proxy: { text: 'the gateway\'s subnet 10.0.3.0/24', addresses: '10.0.3.0/24' },
    }]);
    const findings = findingsOf({ firewalls: [privateNicNsg()], nodes: [node('es-0', { stages: [['es-nsg']] })], entryPoints: [gateway] });
    expect(ids(findings)).toEqual(['public-endpoint azurerm_application_gateway.appgw']);
    expect(findings[0].message).toMatch(/^public-endpoint: application gateway appgw \(public IP 20\.1\.2\.3, listener 443\) forwards to NIC es-0 port 9200 of es, and network security group es-nsg rule "allow-vnet" admits the gateway's subnet 10\.0\.3\.0\/24 \(so every public IPv4 address and .* can reach the cluster\) - /);
    expect(findings[0].path!.map(h => h.kind))
      .toEqual([PathHopKind.SOURCE, PathHopKind.ENTRY_POINT, PathHopKind.FORWARD, PathHopKind.FILTER, PathHopKind.NODE]);
  });

  test('the NSG default AllowVnetInBound admits the gateway too when no rule names the traffic', () => {
    const nsg = networkSecurityGroup('es-nsg', [{ access: 'deny', ports: '*', sources: ['Internet'], priority: 4000 }]);
    const gateway = entryPoint('appgw', 'application-gateway', [{ frontend: '443', backend: 9200, targets: ['es-0'], proxy: { text: 'the gateway', addresses: UNKNOWN } }]);
    const findings = findingsOf({ firewalls: [nsg], nodes: [node('es-0', { stages: [['es-nsg']] })], entryPoints: [gateway] });
    expect(ids(findings)).toEqual(['public-endpoint appgw']);
    expect(findings[0].message).toContain('rule "AllowVnetInBound" admits the gateway');
  });

  test('an internet-facing ALB whose target SG admits only the ALB security group is public-endpoint', () => {
    const albSg = securityGroup('AlbSg', [{ ports: '443', sources: ['0.0.0.0/0'] }]);
    const nodeSg = securityGroup('EsSg', [{ ports: '9200', sources: ['sg:AlbSg'] }]);
    const alb = entryPoint('Alb', 'application-load-balancer', [{
      name: 'listener 443',
      resource: 'Listener',
      frontend: '443',
      backend: 9200,
      targets: ['EsNode'],
      proxy: { text: 'the load balancer\'s security group AlbSg', groups: ['AlbSg'] },
    }], [['AlbSg']]);
    const findings = findingsOf({ firewalls: [albSg, nodeSg], nodes: [node('EsNode', { stages: [['EsSg']] })], entryPoints: [alb] });
    expect(ids(findings)).toEqual(['public-endpoint Listener']);
    expect(findings[0].message).toContain('security group EsSg rule "allow 9200 from sg:AlbSg" admits the load balancer\'s security group AlbSg');
  });

  test('the proxy\'s group matches a rule that names it in another id form (resource key or logical id)', () => {
    const albSg = securityGroup('AlbSg', [{ ports: '443', sources: ['0.0.0.0/0'] }]);
    const nodeSg = securityGroup('EsSg', [{ ports: '9200', sources: ['sg:AlbSg'] }]);
    const alb = entryPoint('Alb', 'application-load-balancer', [{
      frontend: '443', backend: 9200, targets: ['EsNode'], proxy: { text: 'AlbSg', groups: [resourceKey(albSg.location)] },
    }], [['AlbSg']]);
    expect(ids(findingsOf({ firewalls: [albSg, nodeSg], nodes: [node('EsNode', { stages: [['EsSg']] })], entryPoints: [alb] }))).toEqual(['public-endpoint Alb']);
  });

  test('an ALB whose own security group admits nobody public carries nothing', () => {
    const albSg = securityGroup('AlbSg', [{ ports: '443', sources: ['10.0.0.0/8'] }]);
    const nodeSg = securityGroup('EsSg', [{ ports: '9200', sources: ['sg:AlbSg'] }]);
    const alb = entryPoint('Alb', 'application-load-balancer', [{ frontend: '443', backend: 9200, targets: ['EsNode'], proxy: { text: 'AlbSg', groups: ['AlbSg'] } }], [['AlbSg']]);
    expect(findingsOf({ firewalls: [albSg, nodeSg], nodes: [node('EsNode', { stages: [['EsSg']] })], entryPoints: [alb] })).toEqual([]);
  });

  test('a proxy whose subnet lies outside the network the node admits is stopped', () => {
    const nsg = securityGroup('EsSg', [{ ports: '9200', sources: ['net:10.1.0.0/16'] }]);
    const inside = entryPoint('p', 'firewall-dnat', [{ frontend: '443', backend: 9200, targets: ['es-0'], proxy: { text: 'the firewall', addresses: '10.1.9.4/32' } }]);
    const outside = entryPoint('p', 'firewall-dnat', [{ frontend: '443', backend: 9200, targets: ['es-0'], proxy: { text: 'the firewall', addresses: '10.2.9.4/32' } }]);
    const nodes = [node('es-0', { stages: [['EsSg']] })];
    expect(ids(findingsOf({ firewalls: [nsg], nodes, entryPoints: [inside] }))).toEqual(['public-endpoint p']);
    expect(findingsOf({ firewalls: [nsg], nodes, entryPoints: [outside] })).toEqual([]);
  });
});

describe('pass-through hops keep the client address', () => {
  test('a public load balancer in front of nodes whose NSG refuses the internet on the forwarded port has no finding', () => {
    const nsg = networkSecurityGroup('es-nsg', [
      { name: 'allow-probe', ports: '9200', sources: ['AzureLoadBalancer'], priority: 100 },
      { name: 'deny-internet', access: 'deny', ports: '9200', sources: ['Internet'], priority: 200 },
    ]);
    const lb = entryPoint('lb', 'load-balancer', [{ frontend: '443', backend: 9200, targets: ['es-0', 'es-1'] }]);
    expect(findingsOf({ firewalls: [nsg], nodes: [node('es-0', { stages: [['es-nsg']] }), node('es-1', { stages: [['es-nsg']] })], entryPoints: [lb] })).toEqual([]);
  });

  test('a public load balancer rule 443 -> 9200 in front of a node nothing filters is public-endpoint on 9200 only', () => {
    const lb = entryPoint('lb', 'load-balancer', [{ resource: 'azurerm_lb_rule.es', frontend: '443', backend: 9200, targets: ['es-0'] }]);
    const findings = findingsOf({ nodes: [node('es-0', {})], entryPoints: [lb] });
    expect(ids(findings)).toEqual(['public-endpoint azurerm_lb_rule.es']);
    expect(findings[0].message).toContain('forwards to NIC es-0 port 9200 of es, and nothing filters it on the way');
  });

  test('a Deny on the entry\'s own NSG whose destination is unknown shadows in the best reading only: unverifiable-network, not public-endpoint (found by the path oracle)', () => {
    const entryNsg = networkSecurityGroup('entry-nsg', [
      { name: 'deny-internet', access: 'deny', ports: '*', sources: ['Internet'], destinations: ['?'], priority: 100 },
      { name: 'allow-9200', ports: '9200', sources: ['Internet'], priority: 101 },
    ]);
    const lb = entryPoint('lb', 'load-balancer', [{ resource: 'azurerm_lb_rule.es', frontend: '9200', targets: ['es-0'] }], [['entry-nsg']]);
    const findings = findingsOf({ firewalls: [entryNsg], nodes: [node('es-0', {})], entryPoints: [lb] });
    expect(ids(findings).filter(id => id.startsWith('public-endpoint'))).toEqual([]);
    expect(ids(findings)).toContain('unverifiable-network azurerm_lb_rule.es');
  });

  test('an allow from Internet to the node\'s subnet, on a node whose address the input does not fix, is not read as safe (found in review)', () => {
    const nsg = networkSecurityGroup('es-nsg', [
      { name: 'to-subnet', ports: '9200', sources: ['Internet'], destinations: ['10.0.1.0/24'], priority: 100 },
    ]);
    const ip = entryPoint('pip', 'public-ip', [{ resource: 'azurerm_public_ip.es', frontend: '*', targets: ['es-0'] }]);
    const findings = findingsOf({ firewalls: [nsg], nodes: [node('es-0', { stages: [['es-nsg']] })], entryPoints: [ip] });
    expect(ids(findings)).toEqual(expect.arrayContaining(['unverifiable-network azurerm_public_ip.es']));
    expect(findings.find(f => f.ruleId === RuleId.UNVERIFIABLE_NETWORK)!.message).toContain('whether it covers the node is not known');
  });

  test('HA ports (all frontend ports, no backend port) reach every cluster port of the node', () => {
    const lb = entryPoint('lb', 'load-balancer', [{ frontend: '*', targets: ['es-0'] }]);
    const [finding] = findingsOf({ nodes: [node('es-0', {})], entryPoints: [lb] });
    expect(finding.message).toContain('NIC es-0 ports 5601, 9200, 9300');
  });

  test('a public IP on a jump box in the cluster subnet, with the subnet NSG denying Internet, has no finding', () => {
    const subnetNsg = networkSecurityGroup('subnet-nsg', [{ access: 'deny', ports: '*', sources: ['Internet'], priority: 100 }]);
    const nicNsg = networkSecurityGroup('nic-nsg', [{ ports: '9200', sources: ['Internet'], priority: 100 }]);
    // The jump box is no cluster node: its public IP forwards to no node.
    const jumpBox = entryPoint('jump-pip', 'public-ip', [{ frontend: '*', targets: [] }]);
    const nodes = [node('es-0', { stages: [['subnet-nsg'], ['nic-nsg']] })];
    expect(findingsOf({ firewalls: [subnetNsg, nicNsg], nodes, entryPoints: [jumpBox] })).toEqual([]);
  });

  test('a subnet NSG and a NIC NSG that both admit the internet are public-ingress at each rule', () => {
    const subnetNsg = networkSecurityGroup('subnet-nsg', [{ ports: '9200', sources: ['Internet'], priority: 100 }]);
    const nicNsg = networkSecurityGroup('nic-nsg', [{ ports: '9200', sources: ['0.0.0.0/0'], priority: 100 }]);
    expect(ids(findingsOf({ firewalls: [subnetNsg, nicNsg], nodes: [node('es-0', { stages: [['subnet-nsg'], ['nic-nsg']] })] })))
      .toEqual(['public-ingress nic-nsg', 'public-ingress subnet-nsg']);
  });

  test('the entry point\'s own filter narrows what a pass-through hop carries', () => {
    const nlbSg = securityGroup('NlbSg', [{ ports: '443', sources: ['8.8.8.0/28'] }]);
    const nlb = entryPoint('Nlb', 'network-load-balancer', [{ frontend: '443', backend: 9200, targets: ['es-0'] }], [['NlbSg']]);
    const findings = findingsOf({ firewalls: [nlbSg], nodes: [node('es-0', {})], entryPoints: [nlb] });
    expect(ids(findings)).toEqual(['public-allowlist Nlb']);
    expect(findings[0].message).toContain('8.8.8.0/28 (16 public IPv4 addresses)');
  });
});

describe('a cluster\'s own public endpoint', () => {
  test('a public-endpoint entry point of a domain outside a VPC is one public-endpoint finding at the domain, with its path', () => {
    const domain = managedDomain('Search', { ...SECURE_DOMAIN_FACTS, inVpc: known(false) });
    const endpoint: EntryPoint = {
      id: 'Search-endpoint',
      kind: 'public-endpoint',
      name: 'public endpoint of domain Search',
      location: domain.location,
      forwards: [forward({ name: 'HTTPS 443', frontend: '443', targets: [resourceKey(domain.location)] })],
    };
    const findings = [...evaluate({ clusters: [domain], firewalls: [], entryPoints: [endpoint] }).findings];
    expect(ids(findings)).toEqual(['public-endpoint Search']);
    expect(findings[0].message).toContain('public endpoint of domain Search (HTTPS 443) forwards to domain Search port 443 of Search, and nothing filters it');
  });
});

describe('unknown is not safe on a path', () => {
  test('a public load balancer rule whose backend port is a variable is unverifiable-network', () => {
    const lb = entryPoint('lb', 'load-balancer', [{ resource: 'azurerm_lb_rule.es', frontend: '443', backend: UNKNOWN, targets: ['es-0'] }]);
    const findings = findingsOf({ nodes: [node('es-0', {})], entryPoints: [lb] });
    expect(ids(findings)).toEqual(['unverifiable-network azurerm_lb_rule.es']);
    expect(findings[0].message).toContain('backend port: backend_port is a Terraform variable');
  });

  test('a forward to a backend the input does not resolve is unverifiable-network', () => {
    const lb = entryPoint('lb', 'load-balancer', [{ frontend: '443', backend: 9200, targets: [UNKNOWN] }]);
    const findings = findingsOf({ nodes: [], entryPoints: [lb] });
    expect(ids(findings)).toEqual(['unverifiable-network lb']);
    expect(findings[0].message).toContain('the backend pool is a Terraform variable');
  });

  test('a node guarded by a group that is not in the input is unverifiable-network, unless another stage refuses the internet', () => {
    const open = findingsOf({ nodes: [node('es-0', { stages: [[UNKNOWN]] })] });
    expect(ids(open)).toEqual(['unverifiable-network es-0']);
    const subnetNsg = networkSecurityGroup('subnet-nsg', [{ access: 'deny', ports: '*', sources: ['Internet'], priority: 100 }]);
    expect(findingsOf({ firewalls: [subnetNsg], nodes: [node('es-0', { stages: [['subnet-nsg'], [UNKNOWN]] })] })).toEqual([]);
  });

  test('a known public source next to an unknown one is a certain public-ingress', () => {
    const nsg = networkSecurityGroup('es-nsg', [{ ports: '9200', sources: ['Internet', '?'] }]);
    const findings = findingsOf({ firewalls: [nsg], nodes: [node('es-0', { stages: [['es-nsg']] })] });
    expect(ids(findings)).toEqual(['public-ingress es-nsg']);
  });

  test('a known port next to unknown ones is a certain public-ingress on it and unverifiable on the other cluster ports', () => {
    const nsg = networkSecurityGroup('es-nsg', [{ ports: '9200', morePortsUnknown: true, sources: ['Internet'] }]);
    const findings = findingsOf({ firewalls: [nsg], nodes: [node('es-0', { stages: [['es-nsg']] })] });
    expect(ids(findings)).toEqual(['public-ingress es-nsg', 'unverifiable-network es-nsg']);
    expect(findings.find(f => f.ruleId === RuleId.PUBLIC_INGRESS)!.message).toContain('port 9200 (Elasticsearch HTTP)');
    expect(findings.find(f => f.ruleId === RuleId.UNVERIFIABLE_NETWORK)!.message).toContain('ports 5601 (Kibana/Dashboards), 9300');
  });

  test('an opaque network change is unverifiable-network named by its resource', () => {
    const findings = findingsOf({ opaque: [opaqueChange('module.network', 'module "network" from registry source "acme/net/azurerm"')] });
    expect(ids(findings)).toEqual(['unverifiable-network module.network']);
    expect(findings[0].message).toContain('module "network" from registry source "acme/net/azurerm" can create a network path');
  });
});

describe('destination-aware Azure rules', () => {
  const nodes = [node('es-0', { stages: [['es-nsg']], addresses: '10.0.1.4/32', asgs: ['asg-es'] })];
  const withDeny = (deny: object) => networkSecurityGroup('es-nsg', [
    { name: 'deny', access: 'deny', ports: '*', sources: ['Internet'], priority: 100, ...deny },
    { name: 'open', ports: '9200', sources: ['Internet'], priority: 200 },
  ]);

  test('a narrow Deny above an open Allow shadows only the destinations it matches', () => {
    expect(ids(findingsOf({ firewalls: [withDeny({ destinations: ['10.0.9.0/24'] })], nodes }))).toEqual(['public-ingress es-nsg']);
    expect(findingsOf({ firewalls: [withDeny({ destinations: ['10.0.1.0/24'] })], nodes })).toEqual([]);
  });

  test('a Deny to an application security group shadows only its members', () => {
    expect(findingsOf({ firewalls: [withDeny({ destinations: ['asg:asg-es'] })], nodes })).toEqual([]);
    expect(ids(findingsOf({ firewalls: [withDeny({ destinations: ['asg:asg-web'] })], nodes }))).toEqual(['public-ingress es-nsg']);
  });

  test('a Deny that names source ports shadows no whole address', () => {
    expect(ids(findingsOf({ firewalls: [withDeny({ sourcePorts: '1024-65535' })], nodes }))).toEqual(['public-ingress es-nsg']);
    expect(findingsOf({ firewalls: [withDeny({ sourcePorts: '*' })], nodes })).toEqual([]);
  });

  test('equal priorities are read in the order that admits the most, whatever the rule order', () => {
    const deny = { name: 'deny', access: 'deny' as const, ports: '9200', sources: ['Internet'], priority: 100 };
    const allow = { name: 'allow', ports: '9200', sources: ['Internet'], priority: 100 };
    for (const rules of [[deny, allow], [allow, deny]]) {
      expect(ids(findingsOf({ firewalls: [networkSecurityGroup('es-nsg', rules)], nodes }))).toEqual(['public-ingress es-nsg']);
    }
  });
});

describe('security groups on one node are judged as a union', () => {
  test('several security groups on one instance, each admitting a public /24, are public-ingress (512 addresses)', () => {
    const a = securityGroup('SgA', [{ ports: '9200', sources: ['8.8.8.0/24'] }]);
    const b = securityGroup('SgB', [{ ports: '9200', sources: ['8.8.9.0/24'] }]);
    const findings = findingsOf({ firewalls: [a, b], nodes: [node('EsNode', { stages: [['SgA', 'SgB']] })] });
    expect(ids(findings)).toEqual(['public-ingress SgA', 'public-ingress SgB']);
    expect(findings[0].message).toContain('(with the other rules and groups that guard the node: 512 public IPv4 addresses)');
  });

  test('a managed domain that only names its security groups gets the union too', () => {
    const a = securityGroup('SgA', [{ ports: '443', sources: ['8.8.8.0/24'] }]);
    const b = securityGroup('SgB', [{ ports: '443', sources: ['8.8.9.0/24'] }]);
    const findings = [...evaluate({ clusters: [managedDomain('Search', SECURE_DOMAIN_FACTS, ['SgA', 'SgB'])], firewalls: [a, b] }).findings];
    expect(ids(findings)).toEqual(['public-ingress SgA', 'public-ingress SgB']);
  });
});
