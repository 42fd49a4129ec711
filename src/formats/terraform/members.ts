/**
 * Objects keyed by names from the input (resource types and names, arguments, map keys, locals):
 * every name is a member like any other. `out[name] = v` with `__proto__` sets the prototype instead
 * (the member is lost, a resource of that name disappears), and `name in o` or `o[name]` with
 * `constructor`, `toString` or `hasOwnProperty` read what `Object.prototype` holds. Members are set
 * as `JSON.parse` and spread set them (own data properties) and read only when they are the object's own.
 * Block and label levels of Terraform JSON (an object or an array of objects) are merged here too.
 */

/** `target[key] = value`, a member also when `key` is `__proto__`. */
export function setMember(target: Record<string, any>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Whether `key` is a member of `value` itself (not of its prototype). */
export function hasMember(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** `value[key]` when that is a member of `value` itself, else undefined. */
export function memberOf(value: Record<string, any>, key: string): any {
  return hasMember(value, key) ? value[key] : undefined;
}

/** `Object.assign({}, ...objects)`, with every member kept (`__proto__` too). */
export function mergeMembers(objects: readonly Record<string, any>[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const object of objects) {
    for (const key of Object.keys(object)) {
      setMember(out, key, object[key]);
    }
  }
  return out;
}

/**
 * One label level of a Terraform JSON block (`resource` -> type -> name) given as an array of objects:
 * "Where a block type has labels, each label level may be an object or an array of objects" (Terraform,
 * JSON Configuration Syntax, "Nested Block Mapping"), so `[{ "T": { "a": ... } }, { "T": { "b": ... } }]`
 * declares both `T.a` and `T.b`. A key found in several elements keeps every value, as one array the
 * next level reads in turn (a merge that kept the last would drop `T.a` unseen).
 */
function mergeLabelLevel(objects: readonly Record<string, any>[]): Record<string, any> {
  if (objects.length === 1) return objects[0];
  const out: Record<string, any> = {};
  for (const object of objects) {
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (!hasMember(out, key)) {
        setMember(out, key, value);
        continue;
      }
      const before = out[key];
      setMember(out, key, [...(Array.isArray(before) ? before : [before]), ...(Array.isArray(value) ? value : [value])]);
    }
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A block level of Terraform JSON as one object: Terraform JSON allows an object or an array of objects
 * at most block levels (hcl2json always produces arrays), merged member by member (later wins).
 */
export function mergeBlocks(value: unknown): Record<string, any> {
  if (Array.isArray(value)) return mergeMembers(value.filter(isPlainObject));
  return isPlainObject(value) ? value : {};
}

/** A label level of a block (`resource` -> type -> name) as one object: every element of an array of objects counts (`mergeLabelLevel`). */
export function mergeLabels(value: unknown): Record<string, any> {
  if (Array.isArray(value)) return mergeLabelLevel(value.filter(isPlainObject));
  return isPlainObject(value) ? value : {};
}
