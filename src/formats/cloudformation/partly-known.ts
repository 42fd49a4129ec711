/**
 * Rule values that are partly known (spec: "Unknown is not safe", known parts stay known) and sources
 * that are the address space of a network of the input (spec: "Public sources").
 *
 * - An `Fn::If` with a literal `0.0.0.0/0` branch and a parameter branch, an `Fn::Select` over a list
 *   that mixes literals and parameters: each alternative is read on its own, so the literal public part
 *   is a certain source and only the rest is unknown.
 * - `Fn::GetAtt Vpc.CidrBlock`, `Fn::Select` over `Vpc.Ipv6CidrBlocks` / `Vpc.CidrBlockAssociations`,
 *   `Subnet.CidrBlock`, `Subnet.Ipv6CidrBlocks`, a `Ref` / `Fn::GetAtt` to an `AWS::EC2::VPCCidrBlock`,
 *   and a literal that lies inside the address space a VPC, VPC CIDR block or subnet of the input
 *   declares (a dual-stack VPC's own IPv6 /56) are `network` sources: they admit only hosts inside it.
 */
import { IntrinsicResolver, intrinsicName, NO_VALUE } from './intrinsics';
import { cidrSource } from './security-groups';
import { TemplateResource, TemplateSet } from './template-set';
import { TrafficSource } from '../../core/model/model';
import { AddressSet } from '../../core/net/address-set';

const VPC = 'AWS::EC2::VPC';
const VPC_CIDR_BLOCK = 'AWS::EC2::VPCCidrBlock';
const SUBNET = 'AWS::EC2::Subnet';

/** A reference to the address space of a network of the input. */
class NetworkReference {
  constructor(public readonly text: string, public readonly addresses: AddressSet | undefined) {}
}

/** Every value a property can take, read alternative by alternative: the known ones and why the rest is not. */
export interface Alternatives {
  readonly values: any[];
  readonly unknown: string[];
}

export class PartlyKnownValues {
  private networkSpaces?: { text: string; addresses: AddressSet }[];
  /** Sources of literal CIDR texts, by key, then text (see `cidrSources`). */
  private readonly literalSources = new Map<string, Map<string, TrafficSource>>();

  constructor(private readonly templates: TemplateSet, private readonly resolver: IntrinsicResolver) {}

  /** The values of `raw`, splitting `Fn::If` branches and `Fn::Select` elements so that known ones stay known. */
  public alternatives(templateIndex: number, raw: any, depth = 0): Alternatives {
    // A literal (no object, so no intrinsic and no reference) is the one alternative there is.
    if ((typeof raw !== 'object' || raw === null) && raw !== NO_VALUE) return { values: [raw], unknown: [] };
    const out: Alternatives = { values: [], unknown: [] };
    const merge = (other: Alternatives) => {
      out.values.push(...other.values);
      out.unknown.push(...other.unknown);
    };
    const name = intrinsicName(raw);
    const network = depth < 16 ? this.networkReference(templateIndex, raw) : undefined;
    if (network) {
      out.values.push(network);
    } else if (name === 'Fn::If' && Array.isArray(raw[name]) && raw[name].length === 3 && depth < 16) {
      merge(this.alternatives(templateIndex, raw[name][1], depth + 1));
      merge(this.alternatives(templateIndex, raw[name][2], depth + 1));
    } else if (name === 'Fn::Select' && Array.isArray(raw[name]) && raw[name].length === 2 && Array.isArray(raw[name][1]) && depth < 16) {
      const index = this.resolver.resolveStrings(templateIndex, raw[name][0]);
      const list: any[] = raw[name][1];
      const chosen = index.known ? index.values.map(i => list[Number(i)]).filter(v => v !== undefined) : list;
      for (const element of chosen) merge(this.alternatives(templateIndex, element, depth + 1));
    } else {
      const resolved = this.resolver.resolve(templateIndex, raw);
      if (!resolved.known) out.unknown.push(resolved.reason);
      else for (const v of resolved.values) if (v !== NO_VALUE) out.values.push(v);
    }
    return out;
  }

  /**
   * The sources of a `CidrIp` / `CidrIpv6`: literal addresses, network address spaces, and one unknown
   * source for whatever part is not known at synthesis.
   */
  public cidrSources(templateIndex: number, raw: any, key: string, describe: (raw: any) => string): TrafficSource[] {
    if (typeof raw === 'string') {
      // A literal's source depends on the key, the text and the networks of the input only, and real
      // inputs repeat a handful of CIDRs: read each once (sources are read-only, so rules share them).
      let byText = this.literalSources.get(key);
      if (byText === undefined) {
        byText = new Map();
        this.literalSources.set(key, byText);
      }
      let source = byText.get(raw);
      if (source === undefined) {
        source = this.literalSource(key, raw);
        byText.set(raw, source);
      }
      return [source];
    }
    const { values, unknown } = this.alternatives(templateIndex, raw);
    const sources: TrafficSource[] = [];
    for (const value of values) {
      if (value instanceof NetworkReference) {
        sources.push({ kind: 'network', text: value.text, ...(value.addresses ? { addresses: value.addresses } : {}) });
        continue;
      }
      if (typeof value !== 'string') {
        sources.push({ kind: 'unknown', text: `${key} ${describe(raw)}`, reason: `${String(value)} is not known at synthesis` });
        continue;
      }
      sources.push(this.literalSource(key, value));
    }
    if (unknown.length > 0) {
      sources.push({ kind: 'unknown', text: `${key} ${describe(raw)}${values.length > 0 ? ' (the part not known at synthesis)' : ''}`, reason: unknown[0] });
    }
    return sources;
  }

  /** The source one CIDR text stands for. */
  private literalSource(key: string, value: string): TrafficSource {
    // One unreadable CIDR makes this source unknown, or public when it reads as public (cidrSource).
    const source = cidrSource(key, value);
    const space = source.kind === 'addresses' ? this.spaceHolding(source.addresses) : undefined;
    return space && source.kind === 'addresses'
      ? { kind: 'network', text: `${value} (the address space of ${space.text})`, addresses: source.addresses }
      : source;
  }

  /** A `Ref` / `Fn::GetAtt` (or `Fn::Select` over one) that names the address space of a network of the input. */
  private networkReference(templateIndex: number, raw: any): NetworkReference | undefined {
    const name = intrinsicName(raw);
    if (name === 'Fn::Select' && Array.isArray(raw[name]) && raw[name].length === 2) {
      const list = this.attribute(templateIndex, raw[name][1]);
      if (list && ['Ipv6CidrBlocks', 'CidrBlockAssociations'].includes(list.attribute) && [VPC, SUBNET].includes(list.resource.type)) {
        const family = list.attribute === 'Ipv6CidrBlocks' ? 'ipv6' : 'any';
        return new NetworkReference(`${list.resource.logicalId}.${list.attribute}`, this.spaceOf(list.resource, family));
      }
      return undefined;
    }
    const target = this.attribute(templateIndex, raw);
    if (!target) return undefined;
    const { resource, attribute } = target;
    if ((resource.type === VPC || resource.type === SUBNET) && attribute === 'CidrBlock') {
      return new NetworkReference(`${resource.logicalId}.CidrBlock`, this.spaceOf(resource, 'ipv4'));
    }
    if (resource.type === VPC_CIDR_BLOCK && ['Ref', 'CidrBlock', 'Ipv6CidrBlock', 'Id'].includes(attribute)) {
      return new NetworkReference(`VPC CIDR block ${resource.logicalId}`, this.spaceOf(resource, 'any'));
    }
    return undefined;
  }

  private attribute(templateIndex: number, raw: any): { resource: TemplateResource; attribute: string } | undefined {
    const name = intrinsicName(raw);
    let logicalId: unknown;
    let attribute: unknown;
    if (name === 'Ref') {[logicalId, attribute] = [raw.Ref, 'Ref'];} else if (name === 'Fn::GetAtt') {
      const arg = raw[name];
      [logicalId, attribute] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : Array.isArray(arg) ? arg : [];
    }
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') return undefined;
    const resource = this.templates.resource(templateIndex, logicalId);
    return resource ? { resource, attribute } : undefined;
  }

  /** The literal address space a VPC (with its VPCCidrBlocks), a VPC CIDR block or a subnet declares. */
  private spaceOf(resource: TemplateResource, family: 'ipv4' | 'ipv6' | 'any'): AddressSet | undefined {
    const texts: string[] = [];
    const add = (r: TemplateResource, key: string) => {
      if (r.properties[key] === undefined) return;
      const values = this.resolver.resolveStrings(r.templateIndex, r.properties[key]);
      if (values.known) texts.push(...(values.values as string[]));
    };
    const blocks = resource.type === VPC
      ? this.templates.resourcesOfType(VPC_CIDR_BLOCK).filter(b => this.namesVpc(b, resource))
      : [];
    for (const r of [resource, ...blocks]) {
      if (family !== 'ipv6') add(r, 'CidrBlock');
      if (family !== 'ipv4') add(r, 'Ipv6CidrBlock');
    }
    const sets = texts.map(t => AddressSet.tryParse(t)).filter((a): a is AddressSet => a !== undefined);
    return sets.length > 0 ? AddressSet.unionAll(sets) : undefined;
  }

  private namesVpc(block: TemplateResource, vpc: TemplateResource): boolean {
    const target = this.attribute(block.templateIndex, block.properties.VpcId);
    return target?.resource === vpc;
  }

  /** The network of the input whose declared address space holds all of `addresses`. */
  private spaceHolding(addresses: AddressSet): { text: string } | undefined {
    if (!this.networkSpaces) {
      this.networkSpaces = [];
      for (const resource of this.templates.resourcesOfType(VPC, VPC_CIDR_BLOCK, SUBNET)) {
        const space = this.spaceOf(resource, 'any');
        const label = resource.type === VPC ? 'VPC' : resource.type === SUBNET ? 'subnet' : 'VPC CIDR block';
        if (space) this.networkSpaces.push({ text: `${label} ${resource.logicalId}`, addresses: space });
      }
    }
    return this.networkSpaces.find(s => !addresses.isEmpty() && s.addresses.containsAll(addresses));
  }
}
