/**
 * Differential fuzzer: random Terraform JSON documents (azurerm network security groups with inline and
 * standalone rules, NICs, subnets, public IPs, self-managed Elasticsearch VMs; AWS security groups with
 * inline, standalone and VPC ingress rules, OpenSearch domains) and random core models (rules with
 * CIDRs, service tags, security group references, port ranges and lists, protocols, priorities,
 * deny/allow, unknowns), translated and evaluated by two builds; any difference in the model or the
 * result is printed with its seed. For performance work that must not change a result.
 *
 *   node bench/out/build/bench/experiments/differential-fuzz.js <old build dir> <new build dir> [cases] [seed]
 * (a build dir is what `buildForBenchmark()` writes: bench/out/build, or a copy of it made before a change).
 */
import * as path from 'path';

type Rng = () => number;

function rngOf(seed: number): Rng {
  // Park-Miller: small and repeatable, in plain arithmetic; the seed's digits mixed in and the first
  // draws dropped, so that neighbouring seeds give unrelated cases.
  let state = 1;
  const next = () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
  for (const digit of String(Math.abs(Math.floor(seed)))) {
    state = ((state * 31 + Number(digit) + 1) % 2147483646) + 1;
    for (let i = 0; i < 3; i++) next();
  }
  return next;
}

/** A module of one build (the builds are chosen at run time). */
function loadModule(build: string, file: string): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(build, file));
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const chance = (rng: Rng, p: number) => rng() < p;

const BLOCKS = ['0.0.0.0', '8.8.0.0', '10.1.0.0', '100.64.0.0', '172.16.0.0', '192.168.0.0', '203.0.113.0', '52.0.0.0', '128.0.0.0', '224.0.0.0'];
const V6 = ['::/0', '2000::/3', '2001:db8::/32', 'fc00::/7', '2600:1f00::/24', '::ffff:8.8.8.0/120', 'fe80::/10', '2a00::/64', '2a00::1/128'];
const TAGS = ['Internet', 'internet', '*', 'Any', 'VirtualNetwork', 'AzureLoadBalancer', 'AzureCloud', 'Storage.WestEurope', 'AzureFrontDoor.Frontend', 'VIRTUAL_NETWORK', ' Internet '];
const PORTS = ['9200', '9300', '5601', '443', '80', '22', '*', '9200-9300', '0-65535', '1-9199', '9201-65535', '5000-6000', '9300-9200', '70000', 'abc', ''];

function cidr(rng: Rng): string {
  if (chance(rng, 0.15)) return pick(rng, V6);
  const [a, b] = pick(rng, BLOCKS).split('.');
  const prefix = pick(rng, [0, 1, 8, 10, 12, 16, 20, 24, 25, 28, 31, 32, int(rng, 0, 32)]);
  if (chance(rng, 0.3)) return `${a}.${b}.0.0/${prefix}`;
  return `${a}.${b}.${int(rng, 0, 255)}.${int(rng, 0, 255)}/${prefix}`;
}

function azureSource(rng: Rng): string {
  const r = rng();
  if (r < 0.45) return cidr(rng);
  if (r < 0.8) return pick(rng, TAGS);
  if (r < 0.88) return '${var.allowed}';
  if (r < 0.94) return '${azurerm_subnet.s0.address_prefixes[0]}';
  return pick(rng, ['10.0.0.1', '1.2.3.4', 'not-a-cidr', '10.0.0.0/33']);
}

function azurePorts(rng: Rng): string {
  return chance(rng, 0.08) ? '${var.port}' : pick(rng, PORTS.slice(0, chance(rng, 0.9) ? 12 : PORTS.length));
}

function azureRule(rng: Rng, i: number, standalone: boolean, nsg: string): Record<string, unknown> {
  const rule: Record<string, unknown> = {
    name: `r${i}`,
    priority: chance(rng, 0.05) ? '${var.priority}' : pick(rng, [100, 110, 120, 200, 300, 4096, int(rng, 100, 400)]),
    direction: chance(rng, 0.9) ? 'Inbound' : pick(rng, ['Outbound', '${var.direction}']),
    access: chance(rng, 0.95) ? pick(rng, ['Allow', 'Deny', 'allow']) : '${var.access}',
    protocol: pick(rng, ['Tcp', 'Tcp', '*', 'Udp', 'Icmp', 'Any', '${var.protocol}', 'Ah']),
  };
  if (chance(rng, 0.6)) rule.source_address_prefix = azureSource(rng);
  else rule.source_address_prefixes = Array.from({ length: int(rng, 0, 3) }, () => azureSource(rng));
  if (chance(rng, 0.7)) rule.destination_port_range = azurePorts(rng);
  else rule.destination_port_ranges = Array.from({ length: int(rng, 0, 3) }, () => azurePorts(rng));
  const sp = rng();
  if (sp < 0.7) rule.source_port_range = '*';
  else if (sp < 0.85) rule.source_port_range = pick(rng, ['1024-65535', '0-1023', '80', '${var.sp}']);
  else if (sp < 0.95) rule.source_port_ranges = [pick(rng, ['1024-65535', '0-1023', '80', '443']), pick(rng, ['5000', '9200-9300'])];
  const d = rng();
  if (d < 0.6) rule.destination_address_prefix = '*';
  else if (d < 0.75) rule.destination_address_prefix = pick(rng, ['10.0.1.0/24', '10.0.1.4', '10.9.0.0/16', 'VirtualNetwork', '${var.dest}']);
  else if (d < 0.85) rule.destination_application_security_group_ids = [pick(rng, ['${azurerm_application_security_group.es.id}', '${var.asg}'])];
  else if (d < 0.95) rule.destination_address_prefixes = ['10.0.1.0/24', pick(rng, ['10.0.2.0/24', '*', '${var.d}'])];
  if (standalone) {
    rule.network_security_group_name = chance(rng, 0.9) ? `\${azurerm_network_security_group.${nsg}.name}` : '${var.nsg}';
    rule.resource_group_name = 'rg';
  }
  return rule;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function azureDocument(rng: Rng): Record<string, unknown> {
  const nsgs: Record<string, unknown> = {};
  const rules: Record<string, unknown> = {};
  const nsgCount = int(rng, 1, 4);
  for (let n = 0; n < nsgCount; n++) {
    const inline = Array.from({ length: int(rng, 0, 4) }, (_, i) => azureRule(rng, i, false, `n${n}`));
    nsgs[`n${n}`] = { name: `nsg-${n}`, location: 'westeurope', resource_group_name: 'rg', ...(inline.length || chance(rng, 0.5) ? { security_rule: inline } : {}) };
    const standalone = int(rng, 0, 5);
    for (let i = 0; i < standalone; i++) rules[`n${n}-r${i}`] = azureRule(rng, 10 + i, true, `n${n}`);
  }
  const resource: Record<string, unknown> = {
    azurerm_network_security_group: nsgs,
    azurerm_subnet: { s0: { name: 's0', address_prefixes: [pick(rng, ['10.0.1.0/24', '10.0.0.0/16', '${var.prefix}'])] } },
    azurerm_application_security_group: { es: { name: 'es' } },
  };
  if (Object.keys(rules).length) resource.azurerm_network_security_rule = rules;
  if (chance(rng, 0.7)) {
    const es = '#cloud-config\nruncmd:\n  - systemctl start elasticsearch\n';
    resource.azurerm_linux_virtual_machine = { es: { custom_data: b64(es), network_interface_ids: ['${azurerm_network_interface.es.id}'] } };
    const ip: Record<string, unknown> = { name: 'ip', subnet_id: '${azurerm_subnet.s0.id}', private_ip_address: pick(rng, ['10.0.1.4', '${var.ip}']) };
    if (chance(rng, 0.5)) ip.public_ip_address_id = '${azurerm_public_ip.pip.id}';
    resource.azurerm_network_interface = { es: { ip_configuration: [ip] } };
    resource.azurerm_public_ip = { pip: { allocation_method: 'Static' } };
    if (chance(rng, 0.7)) {
      resource.azurerm_network_interface_security_group_association = {
        es: { network_interface_id: '${azurerm_network_interface.es.id}', network_security_group_id: '${azurerm_network_security_group.n0.id}' },
      };
    }
    if (chance(rng, 0.5)) {
      resource.azurerm_subnet_network_security_group_association = {
        s0: { subnet_id: '${azurerm_subnet.s0.id}', network_security_group_id: `\${azurerm_network_security_group.n${nsgCount - 1}.id}` },
      };
    }
    if (chance(rng, 0.4)) {
      resource.azurerm_network_interface_application_security_group_association = {
        es: { network_interface_id: '${azurerm_network_interface.es.id}', application_security_group_id: '${azurerm_application_security_group.es.id}' },
      };
    }
  }
  return { resource, ...(chance(rng, 0.3) ? { variable: { allowed: { default: pick(rng, ['0.0.0.0/0', '10.0.0.0/8']) } } } : {}) };
}

function awsCidrs(rng: Rng): unknown {
  return Array.from({ length: int(rng, 0, 3) }, () => (chance(rng, 0.1) ? '${var.cidr}' : cidr(rng)));
}

function awsIngress(rng: Rng): Record<string, unknown> {
  const from = pick(rng, [0, 443, 9200, 9300, 5601, 22, 80, -1, int(rng, 0, 10000)]);
  const to = chance(rng, 0.6) ? from : pick(rng, [65535, 9300, 443, from + int(rng, 0, 100), '${var.to}']);
  const block: Record<string, unknown> = {
    from_port: from,
    to_port: to,
    protocol: pick(rng, ['tcp', 'tcp', '-1', 'all', '6', 'udp', 'icmp', '${var.p}', '50']),
    cidr_blocks: awsCidrs(rng),
  };
  if (chance(rng, 0.3)) block.ipv6_cidr_blocks = [pick(rng, V6)];
  if (chance(rng, 0.3)) block.security_groups = [pick(rng, ['${aws_security_group.g0.id}', 'sg-123', '${var.sg}'])];
  if (chance(rng, 0.1)) block.self = true;
  if (chance(rng, 0.1)) block.prefix_list_ids = ['pl-123'];
  return block;
}

function awsDocument(rng: Rng): Record<string, unknown> {
  const groups: Record<string, unknown> = {};
  const count = int(rng, 1, 4);
  for (let g = 0; g < count; g++) {
    groups[`g${g}`] = { name: `g${g}`, vpc_id: '${aws_vpc.v.id}', ingress: Array.from({ length: int(rng, 0, 3) }, () => awsIngress(rng)) };
  }
  const resource: Record<string, unknown> = {
    aws_vpc: { v: { cidr_block: pick(rng, ['10.0.0.0/16', '${var.vpc}']) } },
    aws_security_group: groups,
  };
  if (chance(rng, 0.6)) {
    resource.aws_security_group_rule = Object.fromEntries(Array.from({ length: int(rng, 1, 3) }, (_, i) => [`r${i}`, {
      type: pick(rng, ['ingress', 'ingress', 'egress']),
      security_group_id: `\${aws_security_group.g${int(rng, 0, count - 1)}.id}`,
      ...awsIngress(rng),
    }]));
  }
  if (chance(rng, 0.5)) {
    resource.aws_vpc_security_group_ingress_rule = Object.fromEntries(Array.from({ length: int(rng, 1, 3) }, (_, i) => {
      const port = pick(rng, [443, 9200, 80, 0]);
      return [`v${i}`, {
        security_group_id: `\${aws_security_group.g${int(rng, 0, count - 1)}.id}`,
        ip_protocol: pick(rng, ['tcp', '-1', 'udp']),
        from_port: port,
        to_port: port,
        ...(chance(rng, 0.8) ? { cidr_ipv4: cidr(rng) } : { cidr_ipv6: pick(rng, V6) }),
      }];
    }));
  }
  resource.aws_opensearch_domain = {
    d: {
      domain_name: 'search',
      ...(chance(rng, 0.8) ? { vpc_options: { subnet_ids: ['subnet-1'], security_group_ids: Array.from({ length: int(rng, 1, 2) }, () => `\${aws_security_group.g${int(rng, 0, count - 1)}.id}`) } } : {}),
      domain_endpoint_options: { enforce_https: chance(rng, 0.8), tls_security_policy: 'Policy-Min-TLS-1-2-2019-07' },
      encrypt_at_rest: { enabled: chance(rng, 0.9) },
      node_to_node_encryption: { enabled: true },
    },
  };
  return { resource };
}

/** Random core-model firewalls, built with one build's own classes. */
function modelSpec(rng: Rng): unknown {
  const firewalls = Array.from({ length: int(rng, 1, 3) }, (_, f) => ({
    kind: chance(rng, 0.5) ? 'azure-network-security-group' : 'aws-security-group',
    name: `fw${f}`,
    rules: Array.from({ length: int(rng, 0, 8) }, (_unused, i) => ({
      name: `r${i}`,
      access: chance(rng, 0.1) ? '?' : pick(rng, ['allow', 'deny']),
      priority: chance(rng, 0.1) ? '?' : pick(rng, [100, 200, 300, int(rng, 100, 400)]),
      protocol: chance(rng, 0.05) ? '?' : pick(rng, ['tcp', 'all', 'udp', 'icmp']),
      ports: chance(rng, 0.08) ? '?' : Array.from({ length: int(rng, 1, 2) }, () => pick(rng, PORTS.slice(0, 12).filter(p => p !== '9300-9200'))),
      morePortsUnknown: chance(rng, 0.05),
      sources: Array.from({ length: int(rng, 1, 3) }, () => {
        const r = rng();
        if (r < 0.5) return { kind: 'addresses', text: cidr(rng) };
        if (r < 0.75) return { kind: 'service-tag', tag: pick(rng, TAGS) };
        if (r < 0.83) return { kind: 'private', text: 'sg', group: chance(rng, 0.5) ? 'fw0' : undefined };
        if (r < 0.92) return { kind: 'network', text: 'vnet', addresses: chance(rng, 0.6) ? '10.0.0.0/16' : undefined };
        return { kind: 'unknown', text: 'var.x', reason: 'a variable' };
      }),
      sourcePorts: chance(rng, 0.7) ? undefined : chance(rng, 0.1) ? '?' : [pick(rng, ['*', '1024-65535', '0-1023', '80'])],
      destinations: chance(rng, 0.6) ? undefined : [pick(rng, ['*', '10.0.1.0/24', '10.0.1.4/32', 'asg:es', '?'])],
    })),
  }));
  const nodes = chance(rng, 0.6) ? [{
    id: 'node',
    name: 'NIC node',
    cluster: 'c',
    ports: [9200, 9300],
    addresses: chance(rng, 0.7) ? '10.0.1.4/32' : undefined,
    asgs: chance(rng, 0.5) ? ['es'] : undefined,
    stages: firewalls.slice(0, int(rng, 1, firewalls.length)).map(f => [f.name, ...(chance(rng, 0.1) ? ['?'] : [])]),
  }] : [];
  return { firewalls, nodes, ports: chance(rng, 0.8) ? undefined : [9200, 443] };
}

function buildModel(spec: any, build: string): unknown {
  const { AddressSet } = loadModule(build, 'src/core/net/address-set');
  const { PortSet } = loadModule(build, 'src/core/net/port-set');
  const { normalizeProtocol } = loadModule(build, 'src/core/net/protocol');
  const loc = (resource: string, resourceType: string) => ({ resource, resourceType, file: 'f' });
  const k = (v: unknown, f: (x: any) => unknown) => (v === '?' ? { known: false, reason: 'a token' } : { known: true, value: f(v) });
  const firewalls = spec.firewalls.map((fw: any) => ({
    id: fw.name,
    location: loc(fw.name, fw.kind === 'aws-security-group' ? 'aws_security_group' : 'azurerm_network_security_group'),
    kind: fw.kind,
    rules: fw.rules.map((r: any) => ({
      origin: loc(`${fw.name}.${r.name}`, 'rule'),
      name: r.name,
      access: k(fw.kind === 'aws-security-group' ? 'allow' : r.access, x => x),
      ...(fw.kind === 'aws-security-group' ? {} : { priority: k(r.priority, x => x) }),
      protocol: k(r.protocol, x => normalizeProtocol(x)),
      ports: k(r.ports, (x: string[]) => PortSet.parseList(x)),
      ...(r.morePortsUnknown ? { morePortsUnknown: 'var.more' } : {}),
      sources: r.sources.map((s: any) => (s.kind === 'addresses' ? { kind: 'addresses', text: s.text, addresses: AddressSet.parse(s.text) }
        : s.kind === 'network' ? { kind: 'network', text: s.text, ...(s.addresses ? { addresses: AddressSet.parse(s.addresses) } : {}) }
          : s.kind === 'private' ? { kind: 'private', text: s.text, ...(s.group ? { group: s.group } : {}) } : s)),
      ...(r.sourcePorts === undefined ? {} : { sourcePorts: k(r.sourcePorts, (x: string[]) => PortSet.parseList(x)) }),
      ...(r.destinations === undefined ? {} : {
        destinations: r.destinations.map((d: string) => (d === '*' ? { kind: 'any', text: d } : d === '?' ? { kind: 'unknown', text: 'var.d', reason: 'a variable' }
          : d.startsWith('asg:') ? { kind: 'application-security-group', text: d, group: d.slice(4) } : { kind: 'addresses', text: d, addresses: AddressSet.parse(d) })),
      }),
    })),
  }));
  const clusters = spec.nodes.length ? [{ id: 'c', location: loc('vm', 'azurerm_linux_virtual_machine'), kind: 'self-managed', ports: [9200, 9300], facts: {} }] : [];
  const nodes = spec.nodes.map((n: any) => ({
    id: n.id,
    name: n.name,
    location: loc('nic', 'azurerm_network_interface'),
    cluster: n.cluster,
    ports: n.ports,
    ...(n.addresses ? { addresses: AddressSet.parse(n.addresses) } : {}),
    ...(n.asgs ? { applicationSecurityGroups: n.asgs } : {}),
    filters: n.stages.map((s: string[]) => ({ description: 'stage', firewalls: s.map(x => (x === '?' ? { known: false, reason: 'not in the input' } : { known: true, value: x })) })),
  }));
  return { firewalls, clusters, nodes, entryPoints: [], opaque: [], ...(spec.ports ? { selfManagedPorts: spec.ports } : {}) };
}

const replacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);

function run(build: string, kind: 'azure' | 'aws' | 'model', input: unknown): string {
  const { evaluate } = loadModule(build, 'src/core/engine');
  try {
    let model: unknown;
    if (kind === 'model') {
      model = buildModel(input, build);
    } else {
      const { terraformJsonToDocument } = loadModule(build, 'src/formats/terraform/terraform-document');
      const { terraformToModel } = loadModule(build, 'src/formats/terraform/terraform-to-model');
      model = terraformToModel([terraformJsonToDocument(JSON.parse(JSON.stringify(input)), { file: 'main.tf.json' })], { extraPorts: [443] });
    }
    const modelText = JSON.stringify(model, replacer);
    const result = evaluate(model, { acknowledgements: [], invalidAcknowledgements: 'report' });
    return `${modelText}\n${JSON.stringify(result, replacer)}`;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function main(): void {
  const [oldBuild, newBuild, casesText = '2000', seedText = '1'] = process.argv.slice(2);
  if (!oldBuild || !newBuild) throw new Error('usage: differential-fuzz.js <old build dir> <new build dir> [cases] [seed]');
  const [a, b] = [path.resolve(oldBuild), path.resolve(newBuild)];
  let differences = 0;
  let findings = 0;
  const byRule = new Map<string, number>();
  for (let c = 0; c < Number(casesText); c++) {
    const seed = Number(seedText) * 1_000_003 + c;
    const rng = rngOf(seed);
    const kind = pick(rng, ['azure', 'aws', 'model'] as const);
    const input = kind === 'azure' ? azureDocument(rng) : kind === 'aws' ? awsDocument(rng) : modelSpec(rng);
    const [x, y] = [run(a, kind, input), run(b, kind, input)];
    findings += (x.match(/"ruleId"/g) ?? []).length;
    for (const m of x.matchAll(/"ruleId":"([a-z-]+)"/g)) byRule.set(`${kind} ${m[1]}`, (byRule.get(`${kind} ${m[1]}`) ?? 0) + 1);
    if (x.startsWith('error:')) byRule.set(`${kind} ${x.slice(0, 60)}`, (byRule.get(`${kind} ${x.slice(0, 60)}`) ?? 0) + 1);
    if (x !== y) {
      differences++;
      if (differences <= 5) console.log(`DIFFERENT (seed ${seed}, ${kind}):\n${JSON.stringify(input)}\n--- old\n${x.slice(0, 3000)}\n--- new\n${y.slice(0, 3000)}`);
    }
  }
  if (process.env.FUZZ_STATS) console.log([...byRule].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
  console.log(`${casesText} cases, ${findings} findings in the old build's results, ${differences} differences`);
  if (differences) process.exitCode = 1;
}

main();
