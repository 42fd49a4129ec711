/**
 * Terraform expressions inside JSON strings (`${var.x}`, `${azurerm_subnet.a.address_prefixes}`):
 * recognising them, explaining why one is unknown at synthesis, and parsing the plain references
 * that another resource of the input can answer.
 */

/** An interpolation (`${`) or template directive (`%{`) that is not escaped (`$${`, `%%{`). */
const INTERPOLATION = /(^|[^$])\$\{|(^|[^%])%\{/;

/** Whether a string is (or contains) a Terraform expression rather than a literal. */
export function isExpression(value: unknown): value is string {
  // Most values hold neither `${` nor `%{`: no need to run the pattern.
  return typeof value === 'string' && (value.includes('${') || value.includes('%{')) && INTERPOLATION.test(value);
}

/** Whether any string inside a value (recursively) is an expression. */
export function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') {
    return isExpression(value);
  }
  if (Array.isArray(value)) {
    return value.some(containsExpression);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).some(containsExpression);
  }
  return false;
}

/** A whole-string reference to an attribute of a managed resource: `${type.name.attr[0]}`. */
export interface ResourceReference {
  readonly type: string;
  readonly name: string;
  /** Attribute path: `['address_prefixes', 0]`. Empty for a reference to the resource itself. */
  readonly path: readonly (string | number)[];
}

const TRAVERSAL = /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)\s*\}$/;
const NOT_RESOURCE_TYPES = new Set(['var', 'local', 'data', 'module', 'each', 'count', 'path', 'terraform', 'self']);

/** Expressions parsed so far (a document repeats the same references: `${azurerm_resource_group.rg.name}`). */
const PARSED_REFERENCES = new Map<string, ResourceReference | undefined>();
const PARSED_REFERENCES_LIMIT = 50_000;

/** Parses `${azurerm_x.name.attr...}`; undefined for anything else (functions, variables, templates). */
export function parseResourceReference(value: string): ResourceReference | undefined {
  if (!value.startsWith('${')) {
    return undefined; // a literal (or a template that starts with text): `TRAVERSAL` matches from `${` only
  }
  if (PARSED_REFERENCES.has(value)) {
    return PARSED_REFERENCES.get(value);
  }
  const reference = parseReferenceText(value);
  if (PARSED_REFERENCES.size >= PARSED_REFERENCES_LIMIT) {
    PARSED_REFERENCES.clear();
  }
  PARSED_REFERENCES.set(value, reference);
  return reference;
}

function parseReferenceText(value: string): ResourceReference | undefined {
  const match = TRAVERSAL.exec(value);
  if (!match || NOT_RESOURCE_TYPES.has(match[1])) {
    return undefined;
  }
  const path: (string | number)[] = [];
  for (const step of match[3].matchAll(/\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]/g)) {
    path.push(step[1] !== undefined ? step[1] : Number(step[2]));
  }
  return Object.freeze({ type: match[1], name: match[2], path: Object.freeze(path) });
}

/**
 * Why an expression cannot be known at synthesis, naming it: used as the `reason` of unknown values
 * (`unverifiable-network` messages quote it).
 */
export function explainExpression(expression: string): string {
  const shown = JSON.stringify(expression);
  const inner = /^\$\{\s*(.*?)\s*\}$/s.exec(expression)?.[1] ?? '';
  if (inner.startsWith('(unknown) ')) {
    return inner.slice('(unknown) '.length); // written by the language evaluation, with its reason
  }
  if (/^var\.[\w-]+/.test(inner)) {
    return `${shown} is the Terraform variable ${inner.split(/[.[]/).slice(0, 2).join('.')}, set only at plan time`;
  }
  if (/^data\./.test(inner)) {
    return `${shown} is read from a data source at plan time`;
  }
  if (/^local\./.test(inner)) {
    return `${shown} is a Terraform local value that this guard does not evaluate`;
  }
  if (/^module\./.test(inner)) {
    return `${shown} is a module output, not visible in this input`;
  }
  if (/^[\w-]+\.[\w-]+\./.test(inner) && !/\(/.test(inner)) {
    return `${shown} refers to an attribute that is not a literal in this input (known only after apply)`;
  }
  return `${shown} is a Terraform expression that cannot be evaluated at synthesis`;
}
