/**
 * Findings about a path carry it to the reports: the JSON `path` field lists the hops from the entry
 * point to the cluster port, and the Markdown report draws the whole path.
 */
import { evaluate } from '../../../src/core/engine';
import { Firewall } from '../../../src/core/model/model';
import { renderMarkdownReport, toJsonReport } from '../../../src/core/report';
import { mermaidPathDiagram } from '../../../src/core/report/mermaid';
import { networkSecurityGroup } from '../model-builders';
import { clusterNode, entryPoint, selfManagedCluster } from '../path-builders';
import { CLEAN } from './report-fixtures';

const nsg: Firewall = networkSecurityGroup('es-nsg', [
  { name: 'allow-vnet', ports: '9200', sources: ['VirtualNetwork'], priority: 100 },
  { name: 'deny-internet', access: 'deny', ports: '*', sources: ['Internet'], priority: 4000 },
]);
const gateway = entryPoint('appgw', 'application-gateway', [{
  name: 'listener 443',
  resource: 'azurerm_application_gateway.appgw',
  frontend: '443',
  backend: 9200,
  targets: ['es-0', 'es-1'],
  proxy: { text: 'the gateway\'s subnet 10.0.3.0/24', addresses: '10.0.3.0/24' },
}]);
const result = evaluate({
  clusters: [selfManagedCluster()],
  firewalls: [nsg],
  nodes: [clusterNode('es-0', { stages: [['es-nsg']] }), clusterNode('es-1', { stages: [['es-nsg']] })],
  entryPoints: [gateway],
});

describe('reports of a path finding', () => {
  test('the JSON report lists the hops from the internet through the gateway and the NSG to each node port', () => {
    const [finding] = toJsonReport({ ...CLEAN, result }).findings;
    expect(finding.ruleId).toBe('public-endpoint');
    expect(finding.path.map(h => [h.kind, h.name, h.port])).toEqual([
      ['source', 'internet', null],
      ['entry-point', 'application gateway appgw (public IP 20.1.2.3)', null],
      ['forward', 'listener 443', null],
      ['filter', 'es-nsg', 9200],
      ['node', 'NIC es-0', 9200],
      ['filter', 'es-nsg', 9200],
      ['node', 'NIC es-1', 9200],
    ]);
    expect(finding.path[2].detail).toBe('443, from the gateway\'s subnet 10.0.3.0/24');
    expect(finding.message).toContain('forwards to NIC es-0 port 9200, NIC es-1 port 9200 of es');
  });

  test('the Markdown diagram draws the whole path and branches at the forward for each target', () => {
    const diagram = mermaidPathDiagram(result.findings[0].path!);
    expect(diagram.split('\n')).toEqual(expect.arrayContaining([
      '  h0(["internet: every public IPv4 address and about 2^127 public IPv6 addresses"])',
      '  h1[/"application gateway appgw (public IP 20.1.2.3)"/]',
      '  h2["listener 443 (443, from the gateway#39;s subnet 10.0.3.0/24)"]'.replace('#39;', '\''),
      '  h3["es-nsg rule #quot;allow-vnet#quot;"]',
      '  h4[("TCP 9200 on NIC es-0 (es)")]',
      '  h5[("TCP 9200 on NIC es-1 (es)")]',
      '  h0 --> h1', '  h1 --> h2', '  h2 --> h3', '  h3 --> h4', '  h3 --> h5',
    ]));
    const markdown = renderMarkdownReport({ ...CLEAN, result });
    expect(markdown).toContain('```mermaid\nflowchart LR\n  h0(');
  });
});
