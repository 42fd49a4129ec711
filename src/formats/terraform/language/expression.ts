/**
 * Evaluates Terraform expressions as `@cdktf/hcl2json` and Terraform JSON write them (strings holding
 * `${ ... }` templates), where the input fixes their value: literals, `local.*`, `each.*`,
 * `count.index`, dynamic-block iterators, operators, conditionals, `for` expressions and the functions
 * of `functions.ts`. Variables, data sources, module outputs and resource attributes are unknown: a
 * reference to a resource keeps its text, so the translator can still follow it to the resource.
 * https://developer.hashicorp.com/terraform/language/expressions
 */
import { callFunction } from './functions';
import { isObjectValue, isUnknown, toStringValue, Unknown, Value } from './values';
import { hasMember, memberOf, setMember } from '../members';

/** What names mean while evaluating one expression. */
export interface Scope {
  /** A local value by name (evaluated on demand). */
  readonly local: (name: string) => Value;
  /** `each.key` / `each.value` of a `for_each` instance. */
  readonly each?: { readonly key: Value; readonly value: Value };
  /** `count.index` of a `count` instance. */
  readonly countIndex?: number;
  /** `<iterator>.key` / `<iterator>.value` inside a `dynamic` block, and `for` expression variables. */
  readonly names?: ReadonlyMap<string, Value>;
}

/** An unknown that stands for a reference to a resource: its text is kept as the value. */
export class ReferenceUnknown extends Unknown {
  constructor(reason: string, public readonly expression: string) {
    super(reason);
  }
}

/** Evaluates a JSON string value: a template, or one interpolation whose value is taken as it is. */
export function evaluateString(text: string, scope: Scope): Value {
  if (!text.includes('${') && !text.includes('%{')) return text;
  return plainReference(text, scope) ?? parseString(text, scope);
}

/** `${name.attr.attr[0]}` as written, without spaces: most expressions of Terraform JSON are one. */
const PLAIN_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)\}$/;

/**
 * What `parseString` makes of a plain reference to something the scope does not hold (a resource
 * attribute): a `ReferenceUnknown` that keeps the text. undefined for anything else (a keyword, `local`,
 * `each`, `count`, a root with its own reason such as `var`, a name the scope holds), which the parser reads.
 */
function plainReference(text: string, scope: Scope): ReferenceUnknown | undefined {
  const match = PLAIN_REFERENCE.exec(text);
  if (!match) return undefined;
  const root = match[1];
  if (KEYWORDS.has(root) || root === 'local' || root === 'each' || root === 'count' || scope.names?.has(root) || hasMember(UNKNOWN_ROOTS, root)) return undefined;
  const path = text.slice(2, -1);
  return new ReferenceUnknown(`${path} refers to an attribute that is not a literal in this input (known only after apply)`, text);
}

/** `evaluateString` by the parser alone (exported for tests: the plain-reference shortcut must agree with it). */
export function parseString(text: string, scope: Scope): Value {
  if (!text.includes('${') && !text.includes('%{')) return text;
  try {
    const parser = new Parser(text, 0, scope);
    return parser.template(true);
  } catch (e) {
    return new Unknown(`${JSON.stringify(text)} is an expression this guard cannot read (${(e as Error).message})`);
  }
}

const KEYWORDS = new Set(['true', 'false', 'null']);
const UNKNOWN_ROOTS: Record<string, (path: string) => string> = {
  var: p => `${p} is a Terraform variable, set only at plan time (a -var or a .tfvars file can override its default)`,
  data: p => `${p} is read from a data source at plan time`,
  module: p => `${p} is a module output, not evaluated here`,
  path: p => `${p} depends on where Terraform runs`,
  terraform: p => `${p} depends on the workspace`,
  self: p => `${p} is known only after apply`,
};

/** Binary operators, lowest precedence first (Terraform language, "Arithmetic and Logical Operators"). */
const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos: number;
  constructor(private readonly src: string, start: number, private readonly scope: Scope) {
    this.pos = start;
  }

  /** A template up to the end (top) or the closing quote. */
  public template(top: boolean): Value {
    const parts: Value[] = [];
    let literal = '';
    let interpolations = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (!top && c === '"') break;
      if (!top && c === '\\') {
        literal += this.escape();
        continue;
      }
      if (this.src.startsWith('$${', this.pos) || this.src.startsWith('%%{', this.pos)) {
        literal += this.src.substr(this.pos + 1, 2);
        this.pos += 3;
        continue;
      }
      if (this.src.startsWith('%{', this.pos)) throw new Error('template directives (%{ }) are not evaluated');
      if (this.src.startsWith('${', this.pos)) {
        if (literal) parts.push(literal);
        literal = '';
        this.pos += 2;
        this.skipTrim();
        const value = this.expression();
        this.space();
        if (this.src[this.pos] === '~') this.pos++;
        this.expect('}');
        parts.push(value);
        interpolations++;
        continue;
      }
      literal += c;
      this.pos++;
    }
    if (literal) parts.push(literal);
    // "${ expr }" alone is the value itself, of any type (Terraform language, "Strings and Templates").
    if (top && parts.length === 1 && interpolations === 1) return parts[0];
    if (parts.length === 0) return '';
    let out = '';
    for (const part of parts) {
      const s = toStringValue(part, 'an interpolated value');
      if (isUnknown(s)) return s instanceof ReferenceUnknown ? new Unknown(s.reason) : s;
      out += s;
    }
    return out;
  }

  private skipTrim(): void {
    if (this.src[this.pos] === '~') this.pos++;
  }

  private escape(): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    const map: Record<string, string> = { 'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\' };
    if (next === 'u') {
      const hex = this.src.substr(this.pos, 4);
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return map[next] ?? next;
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private peek(text: string): boolean {
    this.space();
    return this.src.startsWith(text, this.pos);
  }

  private eat(text: string): boolean {
    if (this.peek(text)) {
      this.pos += text.length;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.eat(text)) throw new Error(`expected ${text} at ${this.pos}`);
  }

  public expression(): Value {
    const condition = this.binary(0);
    if (this.peek('?')) {
      this.pos++;
      const yes = this.expression();
      this.expect(':');
      const no = this.expression();
      if (isUnknown(condition)) return condition;
      return condition === true ? yes : no;
    }
    return condition;
  }

  private binary(level: number): Value {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.space();
      const op = LEVELS[level].find(o => this.src.startsWith(o, this.pos) && !(o === '-' && this.src[this.pos + 1] === '>') && !(o === '<' && this.src[this.pos + 1] === '<'));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = applyOperator(op, left, right);
    }
  }

  private unary(): Value {
    if (this.eat('!')) {
      const v = this.unary();
      return isUnknown(v) ? v : !v;
    }
    if (this.peek('-') && !/\d/.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      const v = this.unary();
      return isUnknown(v) ? v : -Number(v);
    }
    return this.postfix(this.primary());
  }

  private postfix(value: Value): Value {
    let current = value;
    for (;;) {
      if (this.peek('[*]') || this.peek('.*')) {
        this.pos += 3 - (this.src[this.pos] === '.' ? 1 : 0);
        current = new Unknown('splat expressions are not evaluated by this guard');
        continue;
      }
      if (this.peek('[')) {
        this.pos++;
        const index = this.expression();
        this.expect(']');
        current = indexValue(current, index);
        continue;
      }
      if (this.peek('.') && /[A-Za-z_0-9]/.test(this.src[this.pos + 1] ?? '')) {
        this.pos++;
        const name = this.identifier() ?? this.number();
        current = indexValue(current, name);
        continue;
      }
      return current;
    }
  }

  private identifier(): string | undefined {
    this.space();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private number(): number {
    this.space();
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (!m) throw new Error(`expected a value at ${this.pos}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private primary(): Value {
    this.space();
    const c = this.src[this.pos];
    if (c === '(') {
      this.pos++;
      const v = this.expression();
      this.expect(')');
      return v;
    }
    if (c === '"') {
      this.pos++;
      const v = this.template(false);
      this.expect('"');
      return v;
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    if (c !== undefined && /[-\d]/.test(c)) return this.number();
    if (this.src.startsWith('<<', this.pos)) throw new Error('heredocs inside expressions are not evaluated');
    const start = this.pos;
    const name = this.identifier();
    if (name === undefined) throw new Error(`unexpected ${JSON.stringify(c ?? 'end')} at ${this.pos}`);
    if (KEYWORDS.has(name)) return name === 'null' ? null : name === 'true';
    if (this.peek('(') || this.peek('::')) return this.call(name);
    return this.reference(name, start);
  }

  private call(name: string): Value {
    let fullName = name;
    while (this.eat('::')) fullName += `::${this.identifier()}`;
    this.expect('(');
    const args: Value[] = [];
    let expand = false;
    while (!this.eat(')')) {
      args.push(this.expression());
      if (this.eat('...')) expand = true;
      this.eat(',');
    }
    if (expand) {
      const last = args.pop()!;
      if (isUnknown(last)) return last;
      if (!Array.isArray(last)) return new Unknown(`${fullName}(...): the expanded argument is not a list`);
      args.push(...last);
    }
    return callFunction(fullName, args);
  }

  private reference(root: string, start: number): Value {
    const scope = this.scope;
    if (root === 'local') {
      this.expect('.');
      return scope.local(this.identifier()!);
    }
    if (root === 'each' && scope.each) {
      this.expect('.');
      const attribute = this.identifier();
      return attribute === 'key' ? scope.each.key : attribute === 'value' ? scope.each.value : new Unknown(`each.${attribute} is not an attribute of each`);
    }
    if (root === 'count' && scope.countIndex !== undefined) {
      this.expect('.');
      const attribute = this.identifier();
      return attribute === 'index' ? scope.countIndex : new Unknown(`count.${attribute} is not an attribute of count`);
    }
    if (scope.names?.has(root)) return scope.names.get(root)!;
    // Everything else names something the input does not fix here: consume the traversal, keep its text.
    let end = this.pos;
    for (;;) {
      const m = /^(\s*\.\s*[A-Za-z_][A-Za-z0-9_-]*|\s*\[\s*(\d+|"[^"]*")\s*\])/.exec(this.src.slice(end));
      if (!m) break;
      end += m[0].length;
    }
    this.pos = end;
    const text = this.src.slice(start, end).replace(/\s+/g, '');
    const explain: ((path: string) => string) | undefined = memberOf(UNKNOWN_ROOTS, root);
    if (explain) return new Unknown(explain(text));
    if (root === 'each' || root === 'count') return new Unknown(`${text} is used outside a resource with ${root === 'each' ? 'for_each' : 'count'}`);
    return new ReferenceUnknown(`${text} refers to an attribute that is not a literal in this input (known only after apply)`, `\${${text}}`);
  }

  private tuple(): Value {
    this.expect('[');
    if (this.peekKeyword('for')) return this.forExpression(']');
    const items: Value[] = [];
    while (!this.eat(']')) {
      items.push(this.expression());
      this.eat(',');
    }
    return items;
  }

  private object(): Value {
    this.expect('{');
    if (this.peekKeyword('for')) return this.forExpression('}');
    const out: { [key: string]: Value } = {};
    let unknownKey: Unknown | undefined;
    while (!this.eat('}')) {
      this.space();
      let key: Value;
      const save = this.pos;
      const bare = this.identifier();
      if (bare !== undefined && (this.peek('=') || this.peek(':')) && !this.peek('==')) {
        key = bare;
      } else {
        this.pos = save;
        key = this.expression();
      }
      if (!this.eat('=')) this.expect(':');
      const value = this.expression();
      const keyText = toStringValue(key, 'an object key');
      if (isUnknown(keyText)) unknownKey ??= keyText;
      else setMember(out, keyText, value);
      this.eat(',');
    }
    return unknownKey ?? out;
  }

  private peekKeyword(word: string): boolean {
    this.space();
    return this.src.startsWith(word, this.pos) && /\s/.test(this.src[this.pos + word.length] ?? '');
  }

  /** `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value if cond}`. */
  private forExpression(close: ']' | '}'): Value {
    this.pos += 3;
    const first = this.identifier()!;
    const second = this.eat(',') ? this.identifier()! : undefined;
    if (!this.peekKeyword('in')) throw new Error('expected in');
    this.pos += 2;
    const collection = this.expression();
    this.expect(':');
    const bodyStart = this.pos;
    // Parse the body once per element, in a scope with the element's names.
    const elements: [Value, Value][] = isUnknown(collection) ? []
      : Array.isArray(collection) ? collection.map((v, i) => [i, v])
        : isObjectValue(collection) ? Object.keys(collection).sort().map(k => [k, collection[k]]) : [];
    const results: Value[] = [];
    const keyed: { [key: string]: Value } = {};
    let failure: Unknown | undefined = isUnknown(collection) ? collection
      : !Array.isArray(collection) && !isObjectValue(collection) ? new Unknown('a for expression over a value that is no collection') : undefined;
    let end = -1;
    const runs = elements.length > 0 ? elements : [[null, null] as [Value, Value]];
    for (const [key, value] of runs) {
      const names = new Map(this.scope.names ?? []);
      if (second !== undefined) {
        names.set(first, key);
        names.set(second, value);
      } else {
        names.set(first, value);
      }
      const inner = new Parser(this.src, bodyStart, { ...this.scope, names });
      const produced = inner.expression();
      let keyValue: Value | undefined;
      let out = produced;
      if (close === '}') {
        inner.expect('=>');
        keyValue = produced;
        out = inner.expression();
        if (inner.eat('...')) failure ??= new Unknown('grouping for expressions (...) are not evaluated');
      }
      let include: Value = true;
      if (inner.peekKeyword('if')) {
        inner.pos += 2;
        include = inner.expression();
      }
      inner.expect(close);
      end = inner.pos;
      if (elements.length === 0) break;
      if (isUnknown(include)) {
        failure ??= include;
        continue;
      }
      if (include !== true) continue;
      if (close === ']') {
        results.push(out);
      } else {
        const k = toStringValue(keyValue!, 'a for expression key');
        if (isUnknown(k)) failure ??= k;
        else setMember(keyed, k, out);
      }
    }
    this.pos = end;
    if (failure) return failure;
    return close === ']' ? results : keyed;
  }
}

function indexValue(collection: Value, index: Value): Value {
  if (isUnknown(collection)) {
    if (collection instanceof ReferenceUnknown && !isUnknown(index)) {
      const step = typeof index === 'number' ? `[${index}]` : `.${String(index)}`;
      return new ReferenceUnknown(collection.reason, collection.expression.replace(/\}$/, `${step}}`));
    }
    return collection;
  }
  if (isUnknown(index)) return index;
  if (Array.isArray(collection)) {
    const i = Number(index);
    return Number.isInteger(i) && i >= 0 && i < collection.length ? collection[i] : new Unknown(`index ${String(index)} is outside the list`);
  }
  if (isObjectValue(collection)) {
    const key = String(index);
    return hasMember(collection, key) ? collection[key] : new Unknown(`the key ${JSON.stringify(key)} is not in the map`);
  }
  return new Unknown(`${JSON.stringify(collection)} cannot be indexed`);
}

function applyOperator(op: string, left: Value, right: Value): Value {
  if (op === '&&' && left === false) return false;
  if (op === '||' && left === true) return true;
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  switch (op) {
    case '||': return right === true;
    case '&&': return right === true;
    case '==': return JSON.stringify(left) === JSON.stringify(right);
    case '!=': return JSON.stringify(left) !== JSON.stringify(right);
    case '<': return Number(left) < Number(right);
    case '>': return Number(left) > Number(right);
    case '<=': return Number(left) <= Number(right);
    case '>=': return Number(left) >= Number(right);
    case '+': return Number(left) + Number(right);
    case '-': return Number(left) - Number(right);
    case '*': return Number(left) * Number(right);
    case '/': return Number(left) / Number(right);
    case '%': return Number(left) % Number(right);
  }
  return new Unknown(`operator ${op}`);
}
