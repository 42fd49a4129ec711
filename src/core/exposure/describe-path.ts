/**
 * Words for paths: `application gateway appgw (public IP 20.1.2.3, listener 443) forwards to NIC es-0
 * port 9200, and network security group es-nsg rule "AllowVnetInBound" admits the gateway's subnet`.
 */
import { describeFirewall, publicSourceTexts, sourceText } from './describe';
import { ChainContribution } from './filter-chain';
import { PathAnalysis, PathReading } from './paths';
import { EntryPoint, Forward } from '../model/model';

/** `application gateway appgw (public IP 20.1.2.3, listener 443)` */
export function describeEntryForward(entry: EntryPoint, forward: Forward): string {
  if (entry.name.endsWith(')')) return `${entry.name.slice(0, -1)}, ${forward.name})`;
  return `${entry.name} (${forward.name})`;
}

/** `NIC es-0 port 9200, NIC es-1 port 9200` */
export function describeTargets(paths: readonly PathAnalysis[]): string {
  const byNode = new Map<string, number[]>();
  for (const path of paths) {
    const name = path.target ? path.target.node.name : 'a backend the input does not resolve';
    const ports = byNode.get(name) ?? [];
    if (path.port !== undefined && !ports.includes(path.port)) ports.push(path.port);
    byNode.set(name, ports);
  }
  return [...byNode].map(([name, ports]) => (ports.length
    ? `${name} ${ports.length === 1 ? 'port' : 'ports'} ${ports.sort((a, b) => a - b).join(', ')}`
    : name)).join(', ');
}

/** `network security group es-nsg rule "AllowVnetInBound" admits the gateway's subnet 10.0.3.0/24` */
export function describeAdmission(paths: readonly PathAnalysis[], reading: (p: PathAnalysis) => PathReading): string {
  const parts = new Set<string>();
  for (const path of paths) {
    const r = reading(path);
    const proxy = path.forward.preservesClientAddress ? undefined : path.forward.proxySource;
    for (const c of r.nodeAdmittedBy) parts.add(admits(c, proxy ? proxy.text : undefined));
    if (r.nodeAdmittedBy.length === 0 && path.target) parts.add('nothing filters it on the way');
  }
  return [...parts].join('; ') || 'nothing filters it on the way';
}

function admits(c: ChainContribution, proxyText: string | undefined): string {
  const what = proxyText ?? (publicSourceTexts(c.rule).join(', ') || c.rule.sources.map(sourceText).join(', '));
  return `${describeFirewall(c.firewall)} rule "${c.rule.name}" admits ${what}`;
}
