/**
 * Terraform JSON -> `TerraformDocumentInput`: the edge where every Azure input is normalised once.
 *
 * Framework-free: the scan CLI imports this module where cdktf is not installed.
 * Reads the JSON cdktf synthesizes (`resource.<type>.<name>` with `//` metadata), hand-written
 * `*.tf.json` and what `@cdktf/hcl2json` makes of `.tf` files (blocks as arrays of objects).
 */

import { evaluateConfiguration, ModuleCall, ModuleInputs } from './language/evaluate-configuration';
import { isPlainObject, mergeBlocks, mergeLabels, setMember } from './members';

export { isPlainObject, mergeBlocks };

/** One resource, values in snake_case. */
export interface TerraformResourceInput {
  /** `azurerm_network_security_group.es`, `module.search.azurerm_network_security_rule.open`. */
  readonly address: string;
  /** `azurerm_network_security_group`. */
  readonly type: string;
  /** The resource name (`es`). */
  readonly name: string;
  /** The resource's arguments, keys in snake_case; nested blocks are arrays of objects. */
  readonly values: Record<string, any>;
  readonly file?: string;
  readonly line?: number;
  /** The cdktf construct path (`//` metadata `path`), when known. */
  readonly constructPath?: string;
  readonly stack?: string;
}

/** One file (or one stack, or one plan) of resources. */
export interface TerraformDocumentInput {
  readonly file?: string;
  readonly stack?: string;
  readonly resources: readonly TerraformResourceInput[];
  /** Names of the `variable` blocks the document declares. */
  readonly variables?: readonly string[];
  /**
   * The directory on disk the document's files are in (a `.tf` module the CLI reads), so that
   * `file("${path.module}/cloud-init.yaml")` in boot data can be read. Absent: such files are unknown.
   */
  readonly directory?: string;
  /** The `module` blocks it calls (registry and remote modules are opaque: they can open paths unseen). */
  readonly modules?: readonly ModuleCall[];
  /** Names of the module calls whose resources the reader expanded into other documents. */
  readonly expandedModules?: readonly string[];
  /** The module address every resource carries (`module.nsg.`): references inside resolve without it. */
  readonly addressPrefix?: string;
}

/** Where the document came from. */
export interface TerraformDocumentOptions {
  readonly file?: string;
  readonly stack?: string;
  /** The values a caller passes to this module's variables (a local module expanded for `module.x`). */
  readonly inputs?: ModuleInputs;
  /** Every `locals` entry of the module the file belongs to (locals may sit in another file). */
  readonly moduleLocals?: Record<string, any>;
  /** `module.nsg.` for the resources of a local module expanded for its caller. */
  readonly addressPrefix?: string;
}

/**
 * Reads Terraform JSON (cdktf output, `*.tf.json`, `@cdktf/hcl2json` output) into a document.
 * Keys are normalised to snake_case here, once, for the whole Azure translation.
 */
export function terraformJsonToDocument(json: any, options: TerraformDocumentOptions = {}): TerraformDocumentInput {
  const evaluated = evaluateConfiguration(mergeBlocks(json), options.inputs, options.moduleLocals);
  const prefix = options.addressPrefix ?? '';
  const root = evaluated.root;
  const stack = options.stack ?? stackNameOf(root);
  const resources: TerraformResourceInput[] = [];
  const resourceBlock = mergeLabels(root.resource);
  for (const type of Object.keys(resourceBlock)) {
    if (type === '//') {
      continue;
    }
    const bodies = mergeLabels(resourceBlock[type]);
    for (const name of Object.keys(bodies)) {
      if (name === '//') {
        continue;
      }
      const body = mergeBlocks(bodies[name]);
      resources.push({
        address: `${prefix}${type}.${name}`,
        type,
        name,
        values: normalizeObject(body, METADATA_KEY),
        file: options.file,
        constructPath: constructPathOf(body),
        stack,
      });
    }
  }
  const variables = Object.keys(mergeBlocks(root.variable)).filter(k => k !== '//');
  return { file: options.file, stack, resources, variables, modules: evaluated.modules, ...(prefix ? { addressPrefix: prefix } : {}) };
}

/** The cdktf construct path recorded in a resource's `//` metadata, if any. */
function constructPathOf(body: Record<string, any>): string | undefined {
  const comment = body[METADATA_KEY];
  if (comment === undefined) {
    return undefined; // hand-written Terraform JSON and hcl2json output carry no metadata
  }
  const path = mergeBlocks(mergeBlocks(comment).metadata).path;
  return typeof path === 'string' ? path : undefined;
}

/** The cdktf stack name recorded in the top-level `//` metadata, if any. */
function stackNameOf(root: Record<string, any>): string | undefined {
  const name = mergeBlocks(mergeBlocks(root['//']).metadata).stackName;
  return typeof name === 'string' ? name : undefined;
}

/** Maps whose keys are user data, never argument names: their keys are left as written. */
const FREE_FORM_MAPS = new Set(['tags', 'labels', 'metadata', 'settings', 'protected_settings']);

const METADATA_KEY = '//';

/**
 * camelCase keys (cdktf construct inputs) -> snake_case (Terraform JSON), recursively, except inside
 * free-form maps such as `tags`. snake_case input passes through unchanged: a value with nothing to
 * rename is returned as it is, not copied (the input is never changed, and neither is the result).
 */
export function normalizeKeys(value: any): any {
  if (Array.isArray(value)) {
    let out: any[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const inner = normalizeKeys(value[i]);
      if (inner !== value[i]) {
        out ??= value.slice(0, i);
      }
      out?.push(inner);
    }
    return out ?? value;
  }
  return isPlainObject(value) ? normalizeObject(value) : value;
}

/** `normalizeKeys` of one object, leaving out the key `omit`. */
function normalizeObject(value: Record<string, any>, omit?: string): Record<string, any> {
  // Copied from the first key that changes (the keys before it as they are): most objects need no copy.
  let out: Record<string, any> | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === omit) {
      out ??= copyKeys(value, keys, i);
      continue;
    }
    const inner = value[key];
    const snake = toSnakeCase(key);
    // A number, string or boolean (most members) has nothing to rename: no call for it.
    const normalized = typeof inner !== 'object' || inner === null || FREE_FORM_MAPS.has(snake) ? inner : normalizeKeys(inner);
    if (out === undefined && (snake !== key || normalized !== inner)) {
      out = copyKeys(value, keys, i);
    }
    if (out !== undefined) {
      setMember(out, snake, normalized);
    }
  }
  return out ?? value;
}

/** A new object with the first `count` members of `value` (`keys` are its keys), set as copying sets them. */
function copyKeys(value: Record<string, any>, keys: readonly string[], count: number): Record<string, any> {
  const out: Record<string, any> = {};
  for (let i = 0; i < count; i++) {
    setMember(out, keys[i], value[keys[i]]);
  }
  return out;
}

/** Keys seen so far: a document repeats a few dozen argument names thousands of times. */
const SNAKE_CASE = new Map<string, string>();
const SNAKE_CASE_LIMIT = 10_000;

/** `sourceAddressPrefix` -> `source_address_prefix`; keys with other characters are kept. */
export function toSnakeCase(key: string): string {
  let snake = SNAKE_CASE.get(key);
  if (snake === undefined) {
    snake = /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`) : key;
    if (SNAKE_CASE.size >= SNAKE_CASE_LIMIT) {
      SNAKE_CASE.clear();
    }
    SNAKE_CASE.set(key, snake);
  }
  return snake;
}
