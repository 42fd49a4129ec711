/**
 * The Terraform language, where the input fixes the values (Terraform JSON, cdktf output, or what
 * `@cdktf/hcl2json` makes of `.tf` / `.tofu` files): `locals`, the functions that keep a value known,
 * `count` and `for_each` over known collections (instances `x[0]`, `x["key"]`, as a plan names them),
 * and `dynamic` blocks over known collections. Values it cannot know stay expressions, which the
 * translators read as unknown (fail closed); a resource whose `count` / `for_each` is not known stays
 * one resource, read with `count.index` / `each.*` unknown.
 *
 * Not evaluated, on purpose: `variable` defaults and `terraform.tfvars` (a `-var` or another var file
 * overrides them at plan time) and `validation` blocks (a check on a value, not a bound).
 * https://developer.hashicorp.com/terraform/language/meta-arguments/count, .../for_each,
 * https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
 */
import { evaluateString, ReferenceUnknown, Scope } from './expression';
import { isObjectValue, isUnknown, Unknown, Value } from './values';
import { hasMember, memberOf, mergeBlocks, mergeLabels, setMember } from '../members';

/** Arguments of a resource that are Terraform's, not the provider's: never evaluated as values. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', '//']);
const MAX_LOCAL_DEPTH = 32;

/** A `module` block: where it comes from and what the caller passes. */
export interface ModuleCall {
  readonly name: string;
  /** `./modules/nsg`, `terraform-aws-modules/security-group/aws`, `git::https://...`; unknown when not a literal. */
  readonly source?: string;
  /** Instances (`module.x[0]`, `module.x["a"]`) with their input values evaluated in the caller. */
  readonly instances: readonly { readonly key: string; readonly inputs: Record<string, any> }[];
}

/** The configuration with resources expanded and values evaluated, and the module calls it makes. */
export interface EvaluatedConfiguration {
  readonly root: Record<string, any>;
  readonly modules: readonly ModuleCall[];
}

/** Values a module's caller fixes: its `variable`s become these instead of unknown. */
export interface ModuleInputs {
  readonly [name: string]: any;
}

/**
 * Evaluates one module's configuration. `inputs` are the values its caller passes (a local module
 * expanded with `module.name` inputs); without them every `var.*` stays unknown.
 */
export function evaluateConfiguration(root: Record<string, any>, inputs?: ModuleInputs, moduleLocals?: Record<string, any>): EvaluatedConfiguration {
  if (moduleLocals === undefined && !needsEvaluation(root)) return { root, modules: [] };
  // A module's locals may sit in any of its files: the caller passes them all.
  const locals = { ...(moduleLocals ?? {}), ...mergeBlocks(root.locals) };
  const localValues = new Map<string, Value>();
  const evaluating = new Set<string>();
  const base: Scope = {
    local: (name: string): Value => {
      if (localValues.has(name)) return localValues.get(name)!;
      if (!hasMember(locals, name)) return new Unknown(`local.${name} is not defined in this module`);
      if (evaluating.has(name) || evaluating.size > MAX_LOCAL_DEPTH) return new Unknown(`local.${name} refers to itself`);
      evaluating.add(name);
      const value = evaluateValue(locals[name], base);
      evaluating.delete(name);
      localValues.set(name, value);
      return value;
    },
    names: inputs ? new Map([['var', inputsObject(inputs)]]) : undefined,
  };

  const resource: Record<string, Record<string, any>> = {};
  for (const [type, byName] of Object.entries(mergeLabels(root.resource))) {
    if (type === '//') {
      resource[type] = byName;
      continue;
    }
    // The resources of a type as they are, unless one changes (evaluated, or expanded into instances):
    // then a copy, made at the first that changes, with the ones before it as they are.
    let expanded: Record<string, any> | undefined;
    const bodies = mergeLabels(byName);
    const names = Object.keys(bodies);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const rawBody = bodies[name];
      if (name === '//') {
        if (expanded !== undefined) expanded[name] = rawBody;
        continue;
      }
      const body = mergeBlocks(rawBody);
      if (body.count === undefined && body.for_each === undefined) {
        const materialized = materializeBody(body, base); // one instance, named as written (`instancesOf`)
        if (expanded === undefined && materialized !== rawBody) expanded = copyMembers(bodies, names, i);
        if (expanded !== undefined) setMember(expanded, name, materialized);
        continue;
      }
      expanded ??= copyMembers(bodies, names, i);
      for (const instance of instancesOf(body, base)) {
        setMember(expanded, `${name}${instance.suffix}`, materializeBody(body, instance.scope));
      }
    }
    setMember(resource, type, expanded ?? bodies);
  }

  const modules: ModuleCall[] = [];
  for (const [name, rawBody] of Object.entries(mergeBlocks(root.module))) {
    const body = mergeBlocks(rawBody);
    const source = evaluateValue(body.source, base);
    modules.push({
      name,
      source: typeof source === 'string' ? source : undefined,
      instances: instancesOf(body, base).map(instance => ({
        key: instance.suffix,
        inputs: Object.fromEntries(Object.entries(body).filter(([k]) => !META_ARGUMENTS.has(k) && k !== 'source' && k !== 'version' && k !== 'providers')
          .map(([k, v]) => [k, materialize(v, instance.scope)])),
      })),
    });
  }
  return { root: { ...root, resource }, modules };
}

/**
 * Terraform JSON without expressions, count, for_each or dynamic blocks needs no work (cdktf output at scale).
 * Exported for tests.
 */
export function needsEvaluation(root: Record<string, any>): boolean {
  return root.locals !== undefined || root.module !== undefined || holdsEvaluationMarker(root.resource ?? {});
}

const MARKER_WORDS = ['count', 'for_each', 'dynamic'];

/**
 * Whether the JSON text of `value` would match `/\$\{|"count"|"for_each"|"dynamic"/`, found without
 * writing that text: a key or string that holds `${`, or is one of the words, or ends with `"` and the
 * word (the text escapes that quote, so the word's closing quote still follows it). Walks what
 * `JSON.stringify` writes: object members whose value it skips (undefined, functions) are left out.
 */
function holdsEvaluationMarker(value: unknown): boolean {
  if (typeof value === 'string') {
    return isMarkerText(value);
  }
  if (Array.isArray(value)) {
    return value.some(holdsEvaluationMarker);
  }
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return /\$\{|"count"|"for_each"|"dynamic"/.test(JSON.stringify(value) ?? '');
  }
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
      continue;
    }
    if (isMarkerText(key) || holdsEvaluationMarker(member)) {
      return true;
    }
  }
  return false;
}

function isMarkerText(text: string): boolean {
  return text.includes('${') || MARKER_WORDS.some(word => text === word || text.endsWith(`"${word}`));
}

function inputsObject(inputs: ModuleInputs): Value {
  const out: { [key: string]: Value } = {};
  for (const [k, v] of Object.entries(inputs)) {
    // Inputs the caller could not evaluate stay unknown inside the module.
    setMember(out, k, typeof v === 'string' && /\$\{/.test(v) ? new Unknown(`var.${k} is passed ${JSON.stringify(v)}, not known here`) : v);
  }
  return out;
}

interface Instance {
  /** `""`, `[0]`, `["key"]`. */
  readonly suffix: string;
  readonly scope: Scope;
}

/** The instances `count` / `for_each` make, when they are known. */
function instancesOf(body: Record<string, any>, base: Scope): Instance[] {
  if (body.count !== undefined) {
    const count = evaluateValue(body.count, base);
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 10_000) {
      return Array.from({ length: count }, (_v, i) => ({ suffix: `[${i}]`, scope: { ...base, countIndex: i } }));
    }
    const reason = isUnknown(count) ? count.reason : `count ${JSON.stringify(count)} is not a whole number`;
    return [{ suffix: '', scope: withNames(base, [['count', new Unknown(`count is not known (${reason})`)]]) }];
  }
  if (body.for_each !== undefined) {
    const collection = evaluateValue(body.for_each, base);
    const entries = forEachEntries(collection);
    if (entries) {
      return entries.map(([key, value]) => ({ suffix: `[${JSON.stringify(key)}]`, scope: { ...base, each: { key, value } } }));
    }
    const reason = isUnknown(collection) ? collection.reason : 'for_each is neither a map nor a set of strings';
    return [{ suffix: '', scope: withNames(base, [['each', new Unknown(`for_each is not known (${reason})`)]]) }];
  }
  return [{ suffix: '', scope: base }];
}

/** A map (keys in lexical order) or a set of strings (each value its own key), as Terraform iterates them. */
function forEachEntries(collection: Value): [string, Value][] | undefined {
  if (isObjectValue(collection)) {
    if (Object.values(collection).some(isUnknown)) return undefined;
    return Object.keys(collection).sort().map(k => [k, collection[k]]);
  }
  if (Array.isArray(collection) && collection.every(v => typeof v === 'string')) {
    return [...new Set(collection as string[])].sort().map(v => [v, v]);
  }
  return undefined;
}

function withNames(scope: Scope, entries: [string, Value][]): Scope {
  return { ...scope, names: new Map([...(scope.names ?? []), ...entries]) };
}

/** A resource body: arguments evaluated, `dynamic` blocks over known collections expanded. */
function materializeBody(body: Record<string, any>, scope: Scope): Record<string, any> {
  // A body with nothing to evaluate is the body (shared, not copied: nothing changes either). The
  // copy is made at the first member that changes, with the members before it as they are.
  let out: Record<string, any> | undefined;
  const keys = Object.keys(body);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = body[key];
    const dropped = key === 'count' || key === 'for_each' || key === 'dynamic';
    // A string without a template, a number or a boolean (most members) stays as it is: no call for it.
    const plain = typeof value === 'string' ? !hasTemplate(value) : typeof value !== 'object' || value === null;
    const item = dropped || plain || META_ARGUMENTS.has(key) ? value : materialize(value, scope);
    if (out === undefined && (dropped || item !== value)) {
      out = copyMembers(body, keys, i);
    }
    if (out !== undefined && !dropped) setMember(out, key, item);
  }
  if (out === undefined) return body;
  const remaining: Record<string, any> = {};
  for (const [blockName, rawSpecs] of Object.entries(mergeBlocks(body.dynamic))) {
    const specs = Array.isArray(rawSpecs) ? rawSpecs : [rawSpecs];
    for (const spec of specs.map(mergeBlocks)) {
      const generated = expandDynamic(blockName, spec, scope);
      if (generated === undefined) {
        setMember(remaining, blockName, [...(memberOf(remaining, blockName) ?? []), spec]);
        continue;
      }
      const written = memberOf(out, blockName);
      const existing = written === undefined ? [] : Array.isArray(written) ? written : [written];
      setMember(out, blockName, [...existing, ...generated]);
    }
  }
  if (Object.keys(remaining).length > 0) out.dynamic = remaining;
  return out;
}

/** A new object with the first `count` members of `body` (`keys` are its keys), set as copying sets them. */
function copyMembers(body: Record<string, any>, keys: readonly string[], count: number): Record<string, any> {
  const out: Record<string, any> = {};
  for (let i = 0; i < count; i++) setMember(out, keys[i], body[keys[i]]);
  return out;
}

/** The blocks a `dynamic` block generates, or undefined when its `for_each` is not known. */
function expandDynamic(blockName: string, spec: Record<string, any>, scope: Scope): Record<string, any>[] | undefined {
  const collection = evaluateValue(spec.for_each, scope);
  const entries: [Value, Value][] | undefined = isUnknown(collection) ? undefined
    : Array.isArray(collection) ? (collection.some(isUnknown) ? undefined : collection.map((v, i) => [i, v]))
      : isObjectValue(collection) ? Object.keys(collection).sort().map(k => [k, collection[k]]) : undefined;
  if (!entries) return undefined;
  const iteratorRaw = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{\s*|\s*\}$/g, '') : blockName;
  const content = mergeBlocks(spec.content);
  return entries.map(([key, value]) => materializeBody(content, withNames(scope, [[iteratorRaw, { key, value } as Value]])));
}

/** Evaluates a raw JSON value: strings as templates, the rest recursively. */
export function evaluateValue(raw: any, scope: Scope): Value {
  if (typeof raw === 'string') return evaluateString(raw, scope);
  if (Array.isArray(raw)) return raw.map(item => evaluateValue(item, scope));
  if (raw !== null && typeof raw === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [k, v] of Object.entries(raw)) setMember(out, k, evaluateValue(v, scope));
    return out;
  }
  return raw === undefined ? null : raw;
}

/**
 * Back to Terraform JSON: known values as literals; a reference to a resource as its `${...}` text
 * (the translator follows it); any other unknown as the original text when that was one expression,
 * else as an expression that carries the reason.
 */
function materialize(raw: any, scope: Scope): any {
  if (typeof raw === 'string') {
    if (!hasTemplate(raw)) return raw;
    const value = evaluateInScope(raw, scope);
    if (value instanceof ReferenceUnknown) return value.expression;
    if (isUnknown(value)) return keepOrExplain(raw, value);
    return toJson(value);
  }
  // What holds nothing to evaluate is returned as it is, not copied (nothing changes the input or the result).
  if (Array.isArray(raw)) {
    let out: any[] | undefined;
    for (let i = 0; i < raw.length; i++) {
      const item = materialize(raw[i], scope);
      if (item !== raw[i]) out ??= raw.slice(0, i);
      out?.push(item);
    }
    return out ?? raw;
  }
  if (raw !== null && typeof raw === 'object') {
    // Copied from the first member that changes, with the members before it as they are.
    let out: Record<string, any> | undefined;
    const keys = Object.keys(raw);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = raw[k];
      const item = materialize(v, scope);
      if (out === undefined && item !== v) out = copyMembers(raw, keys, i);
      if (out !== undefined) setMember(out, k, item);
    }
    return out ?? raw;
  }
  return raw;
}

const EVALUATED = new WeakMap<Scope, Map<string, Value>>();

/**
 * `evaluateString`, once per text and scope: a document repeats its expressions (every NIC's
 * `${tolist(azurerm_application_gateway.gw.backend_address_pool)[0].id}`). The value is fixed by the
 * text and the scope: names, `each` and `count.index` never change, and a local, once evaluated,
 * keeps its value (`materialize` runs outside any local's evaluation). The value is only read.
 */
function evaluateInScope(text: string, scope: Scope): Value {
  let values = EVALUATED.get(scope);
  if (!values) {
    values = new Map();
    EVALUATED.set(scope, values);
  }
  if (values.has(text)) return values.get(text)!;
  const value = evaluateString(text, scope);
  values.set(text, value);
  return value;
}

/** Whether a string holds `${` or `%{` (what `evaluateString` reads as a template; escapes included). */
function hasTemplate(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}

function toJson(value: Value): any {
  if (value instanceof ReferenceUnknown) return value.expression;
  if (isUnknown(value)) return unknownExpression(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (isObjectValue(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/**
 * `${var.x}`, `${data.y.z}` explain themselves, and a call of a function that reads or encodes a file
 * (`file`, `templatefile`, `filebase64`, `base64encode(file(...))`) stays as written: the boot-data
 * reader (boot-data.ts) evaluates those where it knows the module's directory. Anything else is replaced by its reason.
 */
function keepOrExplain(raw: string, value: Unknown): string {
  if (/^\$\{\s*(var|data|module)\.[\w.-]+\s*\}$/.test(raw)) return raw;
  if (/^\$\{\s*(file|filebase64|templatefile|base64encode|base64decode|base64gzip)\s*\(/.test(raw)) return raw;
  return unknownExpression(new Unknown(`${JSON.stringify(raw)}: ${value.reason}`));
}

/** An expression the translators read as unknown with this reason (see `explainExpression`). */
export function unknownExpression(value: Unknown): string {
  return `\${(unknown) ${value.reason}}`;
}
