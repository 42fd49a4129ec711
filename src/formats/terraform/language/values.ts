/**
 * Values of the Terraform language as this guard evaluates them: JSON-like values, plus `Unknown`
 * for anything the input does not fix (a variable, a data source, an attribute known after apply, a
 * function this guard does not evaluate). Unknown spreads through every operation (fail closed).
 */

/** A value the input does not fix, with the reason (quoted by `unverifiable-network`). */
export class Unknown {
  constructor(public readonly reason: string) {}
}

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** The first unknown inside a value (recursively), if any. */
export function firstUnknown(value: Value): Unknown | undefined {
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  }
  return undefined;
}

export function isObjectValue(value: Value): value is { [key: string]: Value } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnknown(value);
}

/** Terraform's string conversion of a primitive (numbers and bools convert; collections do not). */
export function toStringValue(value: Value, what: string): string | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return new Unknown(`${what} is null`);
  return new Unknown(`${what} is a collection, not a string`);
}
