/**
 * Reads argument values of one document, resolving plain references to literal attributes of other
 * resources in the same document (`${azurerm_subnet.es.address_prefixes}` -> the subnet's prefixes).
 * Everything else that is an expression becomes unknown with a reason naming it.
 */
import { explainExpression, isExpression, parseResourceReference } from './expressions';
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

  constructor(public readonly document: TerraformDocumentInput) {
    for (const resource of document.resources) {
      this.byAddress.set(resource.address, resource);
      const ofType = this.byType.get(resource.type);
      if (ofType) {
        ofType.push(resource);
      } else {
        this.byType.set(resource.type, [resource]);
      }
    }
  }

  /** The resource with this address in the document. */
  public resource(address: string): TerraformResourceInput | undefined {
    return this.byAddress.get(address);
  }

  /** Resources of one type. */
  public ofType(type: string): TerraformResourceInput[] {
    return [...(this.byType.get(type) ?? [])];
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
    const address = `${ref.type}.${ref.name}`;
    return this.byAddress.has(address) ? address : undefined;
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
        if (read.state === 'literal') {
          items.push(...(Array.isArray(read.value) && isExpression(item) ? read.value : [read.value]));
        }
      }
      return { state: 'literal', value: items };
    }
    return { state: 'literal', value };
  }

  private resolveExpression(expression: string, depth: number): FieldValue {
    const ref = parseResourceReference(expression);
    const target = ref && this.byAddress.get(`${ref.type}.${ref.name}`);
    if (!ref || !target || depth >= MAX_REFERENCE_DEPTH || ref.path.length === 0) {
      return { state: 'unknown', reason: explainExpression(expression) };
    }
    let current: any = target.values;
    for (const step of ref.path) {
      if (Array.isArray(current) && typeof step === 'string' && current.length === 1) {
        current = current[0]; // nested blocks are one-element lists in Terraform JSON
      }
      current = current === undefined || current === null ? undefined : current[step];
    }
    const read = this.read(current, depth + 1);
    return read.state === 'literal' ? read : { state: 'unknown', reason: explainExpression(expression) };
  }
}
