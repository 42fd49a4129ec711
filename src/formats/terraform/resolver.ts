/**
 * Reads argument values of one document, resolving plain references to literal attributes of other
 * resources in the same document (`${azurerm_subnet.es.address_prefixes}` -> the subnet's prefixes).
 * Everything else that is an expression becomes unknown with a reason naming it.
 */
import { explainExpression, isExpression, parseResourceReference, ResourceReference } from './expressions';
import { memberOf } from './members';
import { TerraformDocumentInput, TerraformResourceInput } from './terraform-document';

/** A field as the translator sees it. */
export type FieldValue =
  | { readonly state: 'absent' }
  | { readonly state: 'literal'; readonly value: any }
  | { readonly state: 'unknown'; readonly reason: string };

const ABSENT: FieldValue = { state: 'absent' };
const MAX_REFERENCE_DEPTH = 8;

export class DocumentResolver {
  private readonly byAddress = new Map<string, TerraformResourceInput>();
  private readonly byType = new Map<string, TerraformResourceInput[]>();
  private readonly referrerIndexes = new Map<string, ReadonlyMap<string, readonly TerraformResourceInput[]>>();
  /**
   * `target` of each reference asked so far (`null`: none). A reference is one object per text
   * (`parseResourceReference` keeps them), and its target is fixed by the addresses, indexed once here.
   */
  private readonly targets = new Map<ResourceReference, { resource: TerraformResourceInput; path: readonly (string | number)[] } | null>();

  constructor(public readonly document: TerraformDocumentInput) {
    const prefix = document.addressPrefix ?? '';
    for (const resource of document.resources) {
      this.byAddress.set(resource.address, resource);
      if (prefix && resource.address.startsWith(prefix)) {
        // Inside a module, references name resources without the module's address.
        this.byAddress.set(resource.address.slice(prefix.length), resource);
      }
      const ofType = this.byType.get(resource.type);
      if (ofType) {
        ofType.push(resource);
      } else {
        this.byType.set(resource.type, [resource]);
      }
    }
  }

  /**
   * The addresses by which this document's expressions name a resource: its own, and inside a
   * module (`addressPrefix`) the address without the module's (`azurerm_application_gateway.gw` for
   * `module.search.azurerm_application_gateway.gw`), as the constructor indexes them.
   */
  public referenceAddresses(resource: TerraformResourceInput): readonly string[] {
    const prefix = this.document.addressPrefix ?? '';
    return prefix && resource.address.startsWith(prefix) ? [resource.address, resource.address.slice(prefix.length)] : [resource.address];
  }

  /** The resource with this address in the document. */
  public resource(address: string): TerraformResourceInput | undefined {
    return this.byAddress.get(address);
  }

  /** Whether the document holds a resource of any of these types. */
  public hasAnyOf(types: readonly string[]): boolean {
    return types.some(type => this.byType.has(type));
  }

  /** The types of the document's resources, each once, in the order their first resource comes. */
  public resourceTypes(): string[] {
    return [...this.byType.keys()];
  }

  /** Resources of one type. */
  public ofType(type: string): TerraformResourceInput[] {
    return [...(this.byType.get(type) ?? [])];
  }

  /**
   * Resources of `types` (in that order, each type in document order) by the address their `field`
   * references (`referencedAddress`; with `list`, any item of a list or the one value, a resource once
   * per address). Built once per question, so "every listener of this load balancer" is one lookup.
   */
  public referrers(types: readonly string[], field: string, list = false): ReadonlyMap<string, readonly TerraformResourceInput[]> {
    const key = JSON.stringify([types, field, list]);
    let index = this.referrerIndexes.get(key);
    if (!index) {
      const built = new Map<string, TerraformResourceInput[]>();
      for (const type of types) {
        for (const user of this.byType.get(type) ?? []) {
          const raw = user.values[field];
          const items = !list ? [raw] : raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
          const addresses = new Set<string>();
          for (const item of items) {
            const address = this.referencedAddress(item);
            if (address !== undefined) addresses.add(address);
          }
          for (const address of addresses) {
            const users = built.get(address);
            if (users) users.push(user);
            else built.set(address, [user]);
          }
        }
      }
      index = built;
      this.referrerIndexes.set(key, index);
    }
    return index;
  }

  /** The address a whole-string reference points to (`${azurerm_lb.x.id}` -> `azurerm_lb.x`), if in the document. */
  public referencedAddress(value: unknown): string | undefined {
    if (typeof value !== 'string') {
      return undefined;
    }
    const ref = parseResourceReference(value);
    if (!ref) {
      return undefined;
    }
    const target = this.target(ref);
    return target?.resource.address;
  }

  /** The resource a reference names (`type.name`, or the instance `type.name[0]` of a `count`), and the rest of its path. */
  private target(ref: ResourceReference): { resource: TerraformResourceInput; path: readonly (string | number)[] } | undefined {
    let found = this.targets.get(ref);
    if (found === undefined) {
      found = this.findTarget(ref) ?? null;
      this.targets.set(ref, found);
    }
    return found ?? undefined;
  }

  private findTarget(ref: ResourceReference): { resource: TerraformResourceInput; path: readonly (string | number)[] } | undefined {
    const whole = this.byAddress.get(`${ref.type}.${ref.name}`);
    if (whole) return { resource: whole, path: ref.path };
    if (typeof ref.path[0] === 'number') {
      const instance = this.byAddress.get(`${ref.type}.${ref.name}[${ref.path[0]}]`);
      if (instance) return { resource: instance, path: ref.path.slice(1) };
    }
    return undefined;
  }

  /** Reads a value: null/undefined are absent, expressions are resolved or unknown, arrays element-wise. */
  public read(value: unknown, depth = 0): FieldValue {
    if (value === undefined || value === null) {
      return ABSENT;
    }
    if (typeof value === 'string' && isExpression(value)) {
      return this.resolveExpression(value, depth);
    }
    if (Array.isArray(value)) {
      const items: any[] = [];
      for (const item of value) {
        const read = this.read(item, depth);
        if (read.state === 'unknown') {
          return read;
        }
        if (read.state !== 'literal') {
          continue;
        }
        if (Array.isArray(read.value) && isExpression(item)) {
          for (const inner of read.value) {
            items.push(inner);
          }
        } else {
          items.push(read.value);
        }
      }
      return { state: 'literal', value: items };
    }
    return { state: 'literal', value };
  }

  private resolveExpression(expression: string, depth: number): FieldValue {
    const ref = parseResourceReference(expression);
    const found = ref && this.target(ref);
    if (!ref || !found || depth >= MAX_REFERENCE_DEPTH || found.path.length === 0) {
      return { state: 'unknown', reason: explainExpression(expression) };
    }
    let current: any = found.resource.values;
    for (const step of found.path) {
      if (Array.isArray(current) && typeof step === 'string' && current.length === 1) {
        current = current[0]; // nested blocks are one-element lists in Terraform JSON
      }
      // A step is a member of the value itself: `.constructor` names no attribute.
      current = current === undefined || current === null ? undefined
        : typeof current === 'object' && typeof step === 'string' ? memberOf(current, step) : current[step];
    }
    const read = this.read(current, depth + 1);
    return read.state === 'literal' ? read : { state: 'unknown', reason: explainExpression(expression) };
  }
}
