/**
 * Following references between resources for the path hops: a property that names other resources
 * (`Ref`, `Fn::GetAtt`, imports), the security groups a list names as model filter ids, the address
 * space of subnets. Every reference the input does not resolve is kept as a reason (fail closed).
 */
import { IntrinsicResolver, NO_VALUE, ResourceReference } from './intrinsics';
import { SecurityGroupTranslator } from './security-groups';
import { TemplateResource, TemplateSet } from './template-set';
import { known, Known, resourceKey, unknown } from '../../core/model/model';
import { AddressSet } from '../../core/net/address-set';

export const SUBNET = 'AWS::EC2::Subnet';

/** What a property refers to: resources of the input, literal values, and reasons for the rest. */
export interface Referenced {
  readonly resources: TemplateResource[];
  readonly literals: string[];
  readonly unresolved: string[];
}

export class References {
  private readonly byType = new Map<string, TemplateResource[]>();

  constructor(
    private readonly templates: TemplateSet,
    private readonly resolver: IntrinsicResolver,
    private readonly groups: SecurityGroupTranslator,
  ) {}

  /** Every resource of the given types, in template order; indexed once per type (one pass per type, not per lookup). */
  public ofType(...types: string[]): TemplateResource[] {
    const key = types.join('\u0000');
    let found = this.byType.get(key);
    if (!found) {
      found = this.templates.resourcesOfType(...types);
      this.byType.set(key, found);
    }
    return found;
  }

  /** The resources (and literals) a property or list property refers to. */
  public referenced(templateIndex: number, raw: any): Referenced {
    const out: Referenced = { resources: [], literals: [], unresolved: [] };
    if (raw === undefined) return out;
    const { elements, unknown: reasons } = this.resolver.resolveListElements(templateIndex, raw);
    out.unresolved.push(...reasons);
    for (const element of elements) {
      if (element === NO_VALUE || element === undefined) continue;
      if (element instanceof ResourceReference) {
        const resource = this.templates.resource(element.templateIndex, element.logicalId);
        if (resource) out.resources.push(resource); else out.unresolved.push(`${element} names nothing in the input`);
      } else if (typeof element === 'string' || typeof element === 'number') {
        out.literals.push(String(element));
      } else {
        out.unresolved.push(`${JSON.stringify(element)} is not a reference`);
      }
    }
    return out;
  }

  /** The model filter id of a security group of the input. */
  public firewallId(group: TemplateResource): string {
    return resourceKey(this.templates.location(group));
  }

  /**
   * The firewall ids a list of security group ids (`SecurityGroupIds`, `GroupSet`, `Groups`) names; a
   * group not in the input (an `sg-` literal, a parameter) is unknown.
   */
  public groupIds(templateIndex: number, raw: any, property: string): Known<string>[] {
    const out: Known<string>[] = [];
    const { elements, unknown: reasons } = this.resolver.resolveListElements(templateIndex, raw);
    for (const reason of reasons) out.push(unknown(`${property}: ${reason}`));
    for (const element of elements) {
      const { groups, unresolved } = this.groups.groupsReferencedBy(templateIndex, element);
      for (const group of groups) out.push(known(this.firewallId(group)));
      for (const reason of unresolved) out.push(unknown(`${property}: ${reason}`));
    }
    return out;
  }

  /** `SecurityGroups` of an instance or launch configuration: group names (default VPC) or ids. */
  public groupNamesOrIds(templateIndex: number, raw: any, property: string): Known<string>[] {
    const out: Known<string>[] = [];
    const { elements, unknown: reasons } = this.resolver.resolveListElements(templateIndex, raw);
    for (const reason of reasons) out.push(unknown(`${property}: ${reason}`));
    for (const element of elements) {
      if (typeof element === 'string' && !element.startsWith('sg-')) {
        const match = this.groups.groupsNamed(element)[0];
        out.push(match ? known(this.firewallId(match)) : unknown(`${property}: security group named ${JSON.stringify(element)} is not in the input`));
        continue;
      }
      out.push(...this.groupIds(templateIndex, element, property));
    }
    return out;
  }

  /** The address space of the subnets a property names (`SubnetIds`, `Subnets`), or why it is not known. */
  public subnetAddresses(templateIndex: number, raw: any): Known<AddressSet> {
    const { resources, literals, unresolved } = this.referenced(templateIndex, raw);
    if (unresolved.length > 0) return unknown(unresolved[0]);
    if (literals.length > 0) return unknown(`subnet ${literals[0]} is not in the input`);
    let addresses = AddressSet.empty();
    for (const subnet of resources) {
      if (subnet.type !== SUBNET) return unknown(`${subnet.logicalId} is not a subnet`);
      for (const key of ['CidrBlock', 'Ipv6CidrBlock']) {
        if (subnet.properties[key] === undefined) continue;
        const cidrs = this.resolver.resolveStrings(subnet.templateIndex, subnet.properties[key]);
        if (!cidrs.known) return unknown(`${subnet.logicalId}.${key}: ${cidrs.reason}`);
        for (const cidr of cidrs.values) {
          const parsed = AddressSet.tryParse(cidr);
          if (!parsed) return unknown(`${subnet.logicalId}.${key} ${JSON.stringify(cidr)} is not a CIDR`);
          addresses = addresses.union(parsed);
        }
      }
    }
    return resources.length > 0 ? known(addresses) : unknown('no subnet is named');
  }

  /** Literal strings a property can take, or undefined when it is not known at synthesis. */
  public strings(templateIndex: number, raw: any): string[] | undefined {
    const values = this.resolver.resolveStrings(templateIndex, raw);
    return values.known ? values.values as string[] : undefined;
  }
}
