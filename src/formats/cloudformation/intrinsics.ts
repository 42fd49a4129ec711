/**
 * Evaluates CloudFormation intrinsics to every value they can take (spec: "Unknown is not safe").
 *
 * A value resolves to a list of possibilities or to unknown with a reason naming the intrinsic.
 * References to resources stay symbolic (`ResourceReference`), except a VPC's `CidrBlock`, which is
 * the literal of its template. Framework-free.
 */
import { nestedStackTemplateIndex } from './nested-stacks';
import { isObject, TemplateResource, TemplateSet } from './template-set';

const NESTED_STACK = 'AWS::CloudFormation::Stack';

/** `Ref` / `Fn::GetAtt` to a resource of one of the templates. */
export class ResourceReference {
  constructor(
    public readonly templateIndex: number,
    public readonly logicalId: string,
    /** `Ref` for a `Ref`, else the attribute name. */
    public readonly attribute: string,
  ) {}

  public toString(): string {
    return this.attribute === 'Ref' ? `Ref ${this.logicalId}` : `${this.logicalId}.${this.attribute}`;
  }
}

/** `AWS::NoValue`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type Possible =
  | { readonly known: true; readonly values: readonly any[] }
  | { readonly known: false; readonly reason: string };

const possible = (values: readonly any[]): Possible => ({ known: true, values });
const unresolved = (reason: string): Possible => ({ known: false, reason });

/** Beyond this nesting depth, a value counts as unknown. */
const MAX_DEPTH = 32;

/** Beyond this many combinations, a value counts as unknown rather than exploding. */
const MAX_POSSIBILITIES = 256;

const INTRINSICS = new Set([
  'Ref', 'Fn::GetAtt', 'Fn::If', 'Fn::Select', 'Fn::ImportValue', 'Fn::Sub', 'Fn::Join', 'Fn::FindInMap',
  'Fn::Split', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Base64', 'Fn::Transform', 'Fn::Length', 'Fn::ToJsonString',
  'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition',
]);

/** The intrinsic name when `value` is a one-key `{ Ref | Fn::* }` object. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  // The one own enumerable key (what `Object.keys` lists), found without building the list: this is
  // asked of every object the translators read.
  let only: string | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (only !== undefined) return undefined;
    only = key;
  }
  return only !== undefined && (INTRINSICS.has(only) || only.startsWith('Fn::')) ? only : undefined;
}

/** A list item that resolves to itself: a literal, or a plain object that is no intrinsic. */
function resolvesToItself(item: unknown): boolean {
  return item !== NO_VALUE && (typeof item !== 'object' || item === null || (!Array.isArray(item) && intrinsicName(item) === undefined));
}

/**
 * Pseudo parameters whose value is one fixed, specific thing of the deployment (never a wildcard):
 * the partition (`aws`, `aws-cn`, `aws-us-gov`), the account id, the region, the domain suffix.
 */
const FIXED_PSEUDO_PARAMETERS = new Set(['AWS::Partition', 'AWS::AccountId', 'AWS::Region', 'AWS::URLSuffix']);

export class IntrinsicResolver {
  /** While set, fixed pseudo parameters and IAM resources resolve to `<AWS::AccountId>`-style text. */
  private symbolicText = false;
  private parents?: Map<number, TemplateResource>;
  private linkingNestedStacks = false;

  constructor(private readonly templates: TemplateSet) {
    this.indexExports();
  }

  /**
   * Runs `read` with fixed pseudo parameters (`AWS::Partition`, `AWS::AccountId`, ...) and references to
   * IAM resources resolving to placeholder text (`<AWS::AccountId>`, `<Ref Role>`): for values such as
   * principal ARNs, whose shape matters and whose tokens are specific (an account, a role), never `*`.
   */
  public withSymbolicText<T>(read: () => T): T {
    const before = this.symbolicText;
    this.symbolicText = true;
    try {
      return read();
    } finally {
      this.symbolicText = before;
    }
  }

  /** Whether values resolve to placeholder text now (inside `withSymbolicText`): a key for caches of resolved values. */
  public get readsSymbolicText(): boolean {
    return this.symbolicText;
  }

  /**
   * Every value `value` can take in template `templateIndex`. Plain objects and arrays are returned
   * as they are (their members are resolved by the caller, field by field).
   */
  public resolve(templateIndex: number, value: any, depth = 0): Possible {
    if (depth > MAX_DEPTH) return unresolved('intrinsics nested too deeply');
    const name = intrinsicName(value);
    if (name === undefined) return possible([value]);
    const arg = value[name];
    switch (name) {
      case 'Ref': return this.resolveRef(templateIndex, arg, depth);
      case 'Fn::GetAtt': return this.resolveGetAtt(templateIndex, arg, depth);
      case 'Fn::If': return this.resolveIf(templateIndex, arg, depth);
      case 'Fn::Select': return this.resolveSelect(templateIndex, arg, depth);
      case 'Fn::ImportValue': return this.resolveImport(templateIndex, arg, depth);
      case 'Fn::Join': return this.resolveJoin(templateIndex, arg, depth);
      case 'Fn::Sub': return this.resolveSub(templateIndex, arg, depth);
      case 'Fn::FindInMap': return this.resolveFindInMap(templateIndex, arg, depth);
      case 'Fn::Split': return this.resolveSplit(templateIndex, arg, depth);
      default: return unresolved(`${name} is not evaluated at synthesis`);
    }
  }

  /** Resolves to strings only (numbers are converted, `AWS::NoValue` dropped); anything else is unknown. */
  public resolveStrings(templateIndex: number, value: any, depth = 0): Possible {
    // A literal (most ports, protocols and CIDRs of an input) is its own text: no intrinsic to evaluate.
    // (`resolve` refuses anything, literals too, beyond its depth limit: so does this.)
    if (depth <= MAX_DEPTH && typeof value === 'string') return possible([value]);
    if (depth <= MAX_DEPTH && (typeof value === 'number' || typeof value === 'boolean')) return possible([String(value)]);
    const resolved = this.resolve(templateIndex, value, depth);
    if (!resolved.known) return resolved;
    const out: string[] = [];
    for (const v of resolved.values) {
      if (typeof v === 'string') out.push(v);
      else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
      else if (v instanceof ResourceReference && this.symbolicText && this.templates.resource(v.templateIndex, v.logicalId)?.type.startsWith('AWS::IAM::')) out.push(`<${v}>`);
      else if (v instanceof ResourceReference) return unresolved(`${v} is not known at synthesis`);
      else if (v === NO_VALUE) continue; // the property is removed in that branch
      else return unresolved(`${JSON.stringify(v)} is not a string`);
    }
    return possible(out.length > 1 ? unique(out) : out);
  }

  /**
   * Resolves a list property: the list itself may be an intrinsic, and so may each element.
   * Returns the union of every element any branch can produce (`NO_VALUE` elements dropped).
   */
  public resolveListElements(templateIndex: number, value: any): { elements: any[]; unknown: string[] } {
    const elements: any[] = [];
    const unknownReasons: string[] = [];
    // A literal list of plain items (most list properties): its items, in one copy.
    if (Array.isArray(value) && value.every(resolvesToItself)) {
      const copy = new Array<any>(value.length); // of its exact length; a hole reads as undefined, as below
      for (let i = 0; i < value.length; i++) copy[i] = value[i];
      return { elements: copy, unknown: unknownReasons };
    }
    const lists = this.resolve(templateIndex, value);
    if (!lists.known) return { elements, unknown: [lists.reason] };
    // Indexed loops: every list property of the input passes here, mostly in cold code.
    for (let l = 0; l < lists.values.length; l++) {
      const list = lists.values[l];
      if (list === NO_VALUE || list === undefined) continue;
      const items = Array.isArray(list) ? list : [list];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        // A plain object (an ingress entry, a tag) or a literal resolves to itself.
        if (resolvesToItself(item)) {
          elements.push(item);
          continue;
        }
        const resolvedItem = this.resolve(templateIndex, item);
        if (!resolvedItem.known) {
          unknownReasons.push(resolvedItem.reason);
          continue;
        }
        for (const v of resolvedItem.values) {
          if (v === NO_VALUE) continue;
          if (Array.isArray(v)) elements.push(...v); else elements.push(v);
        }
      }
    }
    return { elements, unknown: unknownReasons };
  }

  private resolveRef(templateIndex: number, target: any, depth: number): Possible {
    if (typeof target !== 'string') return unresolved(`Ref ${JSON.stringify(target)} is not a name`);
    if (target === 'AWS::NoValue') return possible([NO_VALUE]);
    if (target === 'AWS::StackName') {
      const stackName = this.templates.stackName(templateIndex);
      return stackName !== undefined ? possible([stackName]) : unresolved('Ref AWS::StackName is not known at synthesis');
    }
    if (this.symbolicText && FIXED_PSEUDO_PARAMETERS.has(target)) return possible([`<${target}>`]);
    if (target.startsWith('AWS::')) return unresolved(`Ref ${target} is not known at synthesis`);
    const template = this.templates.template(templateIndex);
    const parameter = isObject(template.Parameters) ? template.Parameters[target] : undefined;
    if (isObject(parameter)) {
      const parent = this.parentStackResource(templateIndex);
      if (parent) return this.resolveNestedStackParameter(parent, target, parameter, depth);
      if (Array.isArray(parameter.AllowedValues) && parameter.AllowedValues.length > 0) {
        const values = String(parameter.Type ?? '').startsWith('List<') || parameter.Type === 'CommaDelimitedList'
          ? parameter.AllowedValues.map((v: any) => String(v).split(',').map(s => s.trim()))
          : parameter.AllowedValues.map((v: any) => String(v));
        return possible(values);
      }
      return unresolved(`Ref to parameter ${target} is not known at synthesis`);
    }
    if (this.templates.resource(templateIndex, target)) return possible([new ResourceReference(templateIndex, target, 'Ref')]);
    return unresolved(`Ref ${target} names nothing in the template`);
  }

  /**
   * The `AWS::CloudFormation::Stack` resource of another template of the input that deploys this
   * template as a nested stack (found by `nestedStackTemplateIndex`). Its `Parameters` are the only
   * values the nested template's parameters take (AWS::CloudFormation::Stack, Parameters: "The set
   * value pairs that represent the parameters passed to CloudFormation when this nested stack is
   * created"). While the links are being found, no template has a parent (TemplateURL may use `Ref`).
   */
  public parentStackResource(templateIndex: number): TemplateResource | undefined {
    if (this.parents === undefined) {
      if (this.linkingNestedStacks) return undefined;
      this.linkingNestedStacks = true;
      const symbolic = this.symbolicText;
      this.symbolicText = false;
      const parents = new Map<number, TemplateResource>();
      try {
        for (const stack of this.templates.resourcesOfType(NESTED_STACK)) {
          const child = nestedStackTemplateIndex(this.templates, this, stack);
          if (child !== undefined && child !== stack.templateIndex && !parents.has(child)) parents.set(child, stack);
        }
      } finally {
        this.linkingNestedStacks = false;
        this.symbolicText = symbolic;
      }
      this.parents = parents;
    }
    return this.parents.get(templateIndex);
  }

  /**
   * A parameter of a nested template: the value its parent passes (resolved in the parent's template),
   * else its `Default`; a `List<...>` / `CommaDelimitedList` parameter splits the text at commas.
   */
  private resolveNestedStackParameter(parent: TemplateResource, name: string, parameter: Record<string, any>, depth: number): Possible {
    const passed = isObject(parent.properties.Parameters) ? parent.properties.Parameters[name] : undefined;
    const isList = String(parameter.Type ?? '').startsWith('List<') || parameter.Type === 'CommaDelimitedList';
    const values = passed !== undefined ? this.resolve(parent.templateIndex, passed, depth + 1)
      : parameter.Default !== undefined ? possible([parameter.Default])
        : unresolved(`parameter ${name} is not passed by ${parent.logicalId}`);
    if (!values.known) return unresolved(`parameter ${name} (from ${parent.logicalId}): ${values.reason}`);
    if (!isList) return values;
    return possible(values.values.map(v => (typeof v === 'string' ? v.split(',').map(s => s.trim()) : v)));
  }

  private resolveGetAtt(templateIndex: number, arg: any, depth: number): Possible {
    let logicalId: any;
    let attribute: any;
    if (typeof arg === 'string') {
      [logicalId, attribute] = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
    } else if (Array.isArray(arg) && arg.length === 2) {
      [logicalId, attribute] = arg;
    }
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
      return unresolved(`Fn::GetAtt ${JSON.stringify(arg)} is not evaluated at synthesis`);
    }
    const resource = this.templates.resource(templateIndex, logicalId);
    if (!resource) return unresolved(`Fn::GetAtt ${logicalId}.${attribute} names nothing in the template`);
    if (resource.type === 'AWS::EC2::VPC' && attribute === 'CidrBlock') {
      return resource.properties.CidrBlock === undefined
        ? unresolved(`Fn::GetAtt ${logicalId}.CidrBlock: the VPC takes its CIDR from an IPAM pool`)
        : this.resolve(templateIndex, resource.properties.CidrBlock, depth + 1);
    }
    return possible([new ResourceReference(templateIndex, logicalId, attribute)]);
  }

  private resolveIf(templateIndex: number, arg: any, depth: number): Possible {
    if (!Array.isArray(arg) || arg.length !== 3) return unresolved('Fn::If needs [condition, then, else]');
    // Both branches: a condition is not evaluated (it usually depends on parameters).
    return this.union([this.resolve(templateIndex, arg[1], depth + 1), this.resolve(templateIndex, arg[2], depth + 1)]);
  }

  private resolveSelect(templateIndex: number, arg: any, depth: number): Possible {
    if (!Array.isArray(arg) || arg.length !== 2) return unresolved('Fn::Select needs [index, list]');
    const indexes = this.resolveStrings(templateIndex, arg[0], depth + 1);
    const lists = this.resolve(templateIndex, arg[1], depth + 1);
    if (!lists.known) return unresolved(`Fn::Select over a list that is not known: ${lists.reason}`);
    const results: Possible[] = [];
    for (const list of lists.values) {
      if (!Array.isArray(list)) return unresolved('Fn::Select over a value that is not a list');
      const chosen = indexes.known
        ? indexes.values.map(i => list[Number(i)]).filter(v => v !== undefined)
        : list; // index unknown: any element
      for (const element of chosen) results.push(this.resolve(templateIndex, element, depth + 1));
    }
    return this.union(results);
  }

  private resolveImport(templateIndex: number, arg: any, depth: number): Possible {
    const names = this.resolveStrings(templateIndex, arg, depth + 1);
    if (!names.known) return unresolved(`Fn::ImportValue of a name that is not known: ${names.reason}`);
    const results: Possible[] = [];
    for (const name of names.values) {
      const entry = this.templates.exportNamed(name);
      if (!entry) return unresolved(`Fn::ImportValue ${name} is not exported by any template in the input`);
      results.push(this.resolve(entry.templateIndex, entry.value, depth + 1));
    }
    return this.union(results);
  }

  private resolveJoin(templateIndex: number, arg: any, depth: number): Possible {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return unresolved('Fn::Join needs [delimiter, list]');
    const parts = this.resolve(templateIndex, arg[1], depth + 1);
    if (!parts.known) return parts;
    const results: Possible[] = [];
    for (const list of parts.values) {
      if (!Array.isArray(list)) return unresolved('Fn::Join over a value that is not a list');
      const elements = list.map(e => this.resolveStrings(templateIndex, e, depth + 1));
      const bad = elements.find(e => !e.known);
      if (bad && !bad.known) return unresolved(`Fn::Join: ${bad.reason}`);
      results.push(this.combine(elements.map(e => (e as { known: true; values: string[] }).values), arg[0]));
    }
    return this.union(results);
  }

  private resolveSub(templateIndex: number, arg: any, depth: number): Possible {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [undefined, {}];
    if (typeof text !== 'string' || !isObject(variables)) return unresolved('Fn::Sub needs a string');
    // `${Sg}` / `${Sg.GroupId}` alone is that `Ref` / `Fn::GetAtt` (Fn::Sub: "the same values as Ref and
    // Fn::GetAtt"): keep the reference, so a standalone ingress naming its group this way joins it.
    const whole = /^\$\{([^!}][^}]*)\}$/.exec(text);
    if (whole) return this.resolve(templateIndex, this.subVariable(whole[1], variables), depth + 1);
    const pieces: string[][] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text)) !== null) {
      pieces.push([text.slice(last, match.index)]);
      last = match.index + match[0].length;
      const name = match[1];
      if (name.startsWith('!')) {
        pieces.push([`\${${name.slice(1)}}`]);
        continue;
      }
      const source = this.subVariable(name, variables);
      const values = this.resolveStrings(templateIndex, source, depth + 1);
      if (!values.known) return unresolved(`Fn::Sub \${${name}}: ${values.reason}`);
      pieces.push(values.values as string[]);
    }
    pieces.push([text.slice(last)]);
    return this.combine(pieces, '');
  }

  /** What `${name}` stands for in an `Fn::Sub`: a variable of its map, else a `Fn::GetAtt` or `Ref`. */
  private subVariable(name: string, variables: Record<string, any>): any {
    if (name in variables) return variables[name];
    return name.includes('.') ? { 'Fn::GetAtt': [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] } : { Ref: name };
  }

  private resolveFindInMap(templateIndex: number, arg: any, depth: number): Possible {
    if (!Array.isArray(arg) || arg.length < 3) return unresolved('Fn::FindInMap needs [map, key, key]');
    const template = this.templates.template(templateIndex);
    const keys = arg.slice(0, 3).map(k => this.resolveStrings(templateIndex, k, depth + 1));
    const bad = keys.find(k => !k.known);
    if (bad && !bad.known) return unresolved(`Fn::FindInMap: ${bad.reason}`);
    const [maps, firstKeys, secondKeys] = keys.map(k => (k as { known: true; values: string[] }).values);
    const results: Possible[] = [];
    for (const m of maps) {
      for (const k1 of firstKeys) {
        for (const k2 of secondKeys) {
          const found = template.Mappings?.[m]?.[k1]?.[k2];
          if (found === undefined) return unresolved(`Fn::FindInMap ${m}.${k1}.${k2} is not in the template's Mappings`);
          results.push(this.resolve(templateIndex, found, depth + 1));
        }
      }
    }
    return this.union(results);
  }

  private resolveSplit(templateIndex: number, arg: any, depth: number): Possible {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return unresolved('Fn::Split needs [delimiter, string]');
    const texts = this.resolveStrings(templateIndex, arg[1], depth + 1);
    if (!texts.known) return unresolved(`Fn::Split: ${texts.reason}`);
    return possible(texts.values.map((t: string) => t.split(arg[0])));
  }

  private combine(pieces: readonly (readonly string[])[], delimiter: string): Possible {
    let results: string[] = [''];
    pieces.forEach((options, index) => {
      const next: string[] = [];
      for (const prefix of results) for (const option of options) next.push(index === 0 ? option : prefix + delimiter + option);
      results = next;
    });
    if (pieces.length === 0) results = [''];
    return results.length > MAX_POSSIBILITIES ? unresolved('too many possible values') : possible(unique(results));
  }

  private union(parts: readonly Possible[]): Possible {
    const values: any[] = [];
    for (const part of parts) {
      if (!part.known) return part;
      values.push(...part.values);
    }
    return values.length > MAX_POSSIBILITIES ? unresolved('too many possible values') : possible(values);
  }

  /** Export names may themselves be intrinsics (`Fn::Sub` with `AWS::StackName`): resolve them once. */
  private indexExports(): void {
    this.templates.inputs.forEach((_input, templateIndex) => {
      const outputs = this.templates.template(templateIndex).Outputs;
      if (!isObject(outputs)) return;
      for (const output of Object.values<any>(outputs)) {
        if (!isObject(output) || !isObject(output.Export)) continue;
        const names = this.resolveStrings(templateIndex, output.Export.Name);
        if (!names.known) continue;
        for (const name of names.values) this.templates.addExport(name, templateIndex, output.Value);
      }
    });
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
