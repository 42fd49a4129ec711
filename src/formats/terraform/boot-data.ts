/**
 * What a VM boots with (`custom_data` / `user_data`): whether it runs Elasticsearch, OpenSearch or
 * Kibana (spec: "Cluster ports": a node is anything whose boot data installs or starts them), and the
 * `elasticsearch.yml` settings in effect after boot.
 *
 * Reads a cloud-config (`write_files`, `packages`, `runcmd`, `bootcmd`) or a shell script, literal or
 * base64, or read with `file()` / `filebase64()` / `templatefile()` / `base64encode(...)` from a file
 * of the input (relative to the document's `directory`, `path.module` = that directory).
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { isAbsolute, relative as relativePath, resolve } from 'path';
import { NodeConfiguration, parseSettings } from './elasticsearch-config';
import { explainExpression, isExpression } from './expressions';
import { DocumentResolver } from './resolver';
import { isPlainObject, mergeBlocks } from './terraform-document';

/** What the boot data of one VM or scale set says. */
export interface BootData {
  /** It installs, starts or configures Elasticsearch / OpenSearch / Kibana. */
  readonly isNode: boolean;
  /** The settings in effect after boot, or why they cannot be read. */
  readonly configuration: NodeConfiguration;
}

const PRODUCT = /\b(elasticsearch|opensearch|opensearch-dashboards|kibana)\b/i;
const STARTS_OR_INSTALLS = /\b(install|systemctl|service|docker|podman|nerdctl|helm|bin\/(elasticsearch|opensearch|kibana)|tar\s|unzip|rpm|dpkg)\b/i;
const CONFIG_FILE = /(elasticsearch|opensearch)\.yml\b/;
const SECURITY_SETTING = /(xpack\.security(?:\.[A-Za-z_.]+)?\.enabled|plugins\.security\.disabled)\s*["']?\s*[:=]\s*["']?(true|false)\b/g;
const MAX_BOOT_FILE_BYTES = 1024 * 1024;

/** The raw boot data values of a VM / scale set (snake_case values): the first that is set. */
export function bootDataOf(values: Record<string, any>): unknown {
  return values.custom_data ?? values.user_data ?? mergeBlocks(values.os_profile).custom_data;
}

/**
 * Reads every boot data field of a VM / scale set (`custom_data`, `user_data`, `os_profile.custom_data`):
 * either can install the node. The settings come from the first that has them.
 */
export function readVmBootData(values: Record<string, any>, resolver?: DocumentResolver): BootData {
  const fields = [values.custom_data, values.user_data, mergeBlocks(values.os_profile).custom_data].filter(v => v !== undefined && v !== null && v !== '');
  if (fields.length <= 1) {
    return readBootData(fields[0], resolver);
  }
  const read = fields.map(f => readBootData(f, resolver));
  const withSettings = read.find(r => r.configuration.settings !== undefined);
  const node = read.find(r => r.isNode);
  return { isNode: node !== undefined, configuration: (withSettings ?? node ?? read[0]).configuration };
}

/** Reads boot data; `resolver.document.directory` locates files named by `file()` and friends. */
export function readBootData(raw: unknown, resolver?: DocumentResolver): BootData {
  if (raw === undefined || raw === null || raw === '') {
    return notANode('the node has no custom_data or user_data to read elasticsearch.yml from');
  }
  if (typeof raw !== 'string') {
    return notANode('custom_data is not a string');
  }
  const text = isExpression(raw) ? evaluateBootExpression(raw, resolver?.document.directory) : { text: decodeBase64(raw) ?? raw };
  if (text.text === undefined) {
    return notANode(`custom_data: ${text.reason}`);
  }
  return /^#cloud-config/.test(text.text.trimStart()) ? readCloudConfig(text.text) : readShellScript(text.text);
}

function notANode(reason: string): BootData {
  return { isNode: false, configuration: { unreadable: reason } };
}

function readCloudConfig(text: string): BootData {
  let cloudConfig: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cloudConfig = (require('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    return notANode(`custom_data is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const config = isPlainObject(cloudConfig) ? cloudConfig : {};
  const files = Array.isArray(config.write_files) ? config.write_files.filter(isPlainObject) : [];
  const file = files.find(f => typeof f.path === 'string' && /(^|\/)(elasticsearch|opensearch)\.yml$/.test(f.path));
  const packages = (Array.isArray(config.packages) ? config.packages : []).map(p => (Array.isArray(p) ? p.join(' ') : String(p)));
  // cloud-init writes files (init stage) before it runs `runcmd` (final stage): a command that changes
  // the config file afterwards wins. https://cloudinit.readthedocs.io/en/latest/explanation/boot.html
  const commands = ['bootcmd', 'runcmd'].flatMap(key => (Array.isArray(config[key]) ? config[key] : []))
    .map((c: unknown) => (Array.isArray(c) ? c.map(String).join(' ') : String(c)));
  const script = commands.join('\n');
  const installs = packages.some(p => PRODUCT.test(p)) || startsProduct(script);
  let base: NodeConfiguration | undefined;
  if (file) {
    base = readConfigFile(file);
  }
  return finish(base, script, installs || file !== undefined, 'the cloud-config writes no elasticsearch.yml');
}

function readConfigFile(file: Record<string, any>): NodeConfiguration {
  const encoding = String(file.encoding ?? 'text').toLowerCase();
  let content = typeof file.content === 'string' ? file.content : '';
  if (encoding === 'b64' || encoding === 'base64') {
    content = Buffer.from(content, 'base64').toString('utf8');
  } else if (encoding !== 'text') {
    return { unreadable: `elasticsearch.yml is written with encoding ${encoding}, which this guard does not read` };
  }
  return parseSettings(content);
}

/** A shell script: an `elasticsearch.yml` written by a heredoc, then the security switches set by later commands. */
function readShellScript(script: string): BootData {
  let base: NodeConfiguration | undefined;
  let rest = script;
  const heredoc = /^([^\n]*<<-?\s*['"]?(\w+)['"]?[^\n]*)\n([\s\S]*?)\n\s*\2\s*$/gm;
  for (const match of script.matchAll(heredoc)) {
    if (CONFIG_FILE.test(match[1])) {
      base = parseSettings(match[3]);
      rest = script.slice((match.index ?? 0) + match[0].length);
    }
  }
  return finish(base, rest, startsProduct(script) || base !== undefined, 'the script writes no elasticsearch.yml');
}

function startsProduct(script: string): boolean {
  return script.split('\n').some(line => PRODUCT.test(line) && STARTS_OR_INSTALLS.test(line));
}

/** Applies security switches set by commands after the config file (`sed`, `echo >>`, `-e xpack.security.enabled=false`). */
function finish(base: NodeConfiguration | undefined, commands: string, isNode: boolean, missing: string): BootData {
  const overrides: Record<string, unknown> = {};
  for (const line of commands.split('\n')) {
    for (const match of line.matchAll(SECURITY_SETTING)) {
      // The last value on a line is the one it leaves (`sed 's/enabled: true/enabled: false/'`).
      overrides[match[1]] = match[2] === 'true';
    }
  }
  if ('plugins.security.disabled' in overrides) {
    overrides['xpack.security.enabled'] = !overrides['plugins.security.disabled'];
  }
  const touched = Object.keys(overrides).length > 0;
  if (base?.settings) {
    return { isNode: isNode || touched, configuration: { settings: { ...base.settings, ...overrides } } };
  }
  if (touched && !base) {
    return { isNode: true, configuration: { settings: overrides } };
  }
  return { isNode: isNode || touched, configuration: base ?? { unreadable: missing } };
}

// ---------------------------------------------------------------------------------------------
// Terraform functions over boot data: base64encode("..."), file(...), filebase64(...), templatefile(...).
// https://developer.hashicorp.com/terraform/language/functions/file (and filebase64, templatefile, base64encode)
// ---------------------------------------------------------------------------------------------

type Evaluated = { readonly text: string; readonly reason?: undefined } | { readonly text?: undefined; readonly reason: string };

function evaluateBootExpression(expression: string, directory: string | undefined): Evaluated {
  const inner = /^\$\{\s*([\s\S]*?)\s*\}$/.exec(expression)?.[1];
  const parsed = inner !== undefined ? parseCall(inner, 0) : undefined;
  if (!parsed || inner!.slice(parsed.end).trim() !== '') {
    return { reason: explainExpression(expression) };
  }
  const value = evaluateCall(parsed.node, directory);
  if (value.text === undefined) {
    return { reason: `${JSON.stringify(expression)}: ${value.reason}` };
  }
  return { text: decodeBase64(value.text) ?? value.text };
}

type ExprNode = { kind: 'string'; value: string } | { kind: 'call'; name: string; args: ExprNode[] } | { kind: 'other' };

function evaluateCall(node: ExprNode, directory: string | undefined): Evaluated {
  if (node.kind === 'string') {
    return { text: node.value };
  }
  if (node.kind !== 'call') {
    return { reason: 'it holds a value this guard does not evaluate' };
  }
  const first = node.args[0] ? evaluateCall(node.args[0], directory) : { reason: `${node.name}() has no argument` };
  if (first.text === undefined) {
    return first;
  }
  switch (node.name) {
    case 'base64encode':
      return { text: Buffer.from(first.text, 'utf8').toString('base64') };
    case 'base64decode':
      return { text: Buffer.from(first.text, 'base64').toString('utf8') };
    case 'file':
    case 'filebase64':
    case 'templatefile':
      // templatefile: the template is read as written; an interpolated setting stays unreadable (`${x}` is not true or false).
      return readInputFile(first.text, directory);
    default:
      return { reason: `the function ${node.name}() is not evaluated by this guard` };
  }
}

function readInputFile(path: string, directory: string | undefined): Evaluated {
  const relative = path.replace(/^\$\{\s*path\.(module|root|cwd)\s*\}\/?/, '');
  if (directory === undefined) {
    return { reason: `the file ${JSON.stringify(path)} is read at plan time; scan the Terraform directory to read it` };
  }
  const full = resolve(directory, relative);
  const inside = relativePath(resolve(directory), full);
  if (isAbsolute(relative) || inside.startsWith('..') || isAbsolute(inside)) {
    // Only files of the scanned module are read: a scan must not read arbitrary files of the machine.
    return { reason: `the file ${JSON.stringify(path)} is outside the module's directory, so this guard does not read it` };
  }
  try {
    if (!existsSync(full) || !statSync(full).isFile()) {
      return { reason: `the file ${JSON.stringify(path)} is not in the input` };
    }
    if (statSync(full).size > MAX_BOOT_FILE_BYTES) {
      return { reason: `the file ${JSON.stringify(path)} is larger than 1 MiB` };
    }
    return { text: readFileSync(full, 'utf8') };
  } catch (e) {
    return { reason: `the file ${JSON.stringify(path)} cannot be read (${(e as Error).message})` };
  }
}

/** A tiny parser for calls over string literals: `name(arg, ...)`, `"..."` (HCL escapes), anything else is `other`. */
function parseCall(text: string, at: number): { node: ExprNode; end: number } | undefined {
  let i = skipSpace(text, at);
  if (text[i] === '"') {
    return parseString(text, i);
  }
  if (text.startsWith('<<', i)) {
    return parseHeredoc(text, i);
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
  if (!name) {
    return undefined;
  }
  i = skipSpace(text, i + name.length);
  if (text[i] !== '(') {
    return { node: { kind: 'other' }, end: skipBalanced(text, at) };
  }
  const args: ExprNode[] = [];
  i++;
  while (i < text.length) {
    i = skipSpace(text, i);
    if (text[i] === ')') {
      return { node: { kind: 'call', name, args }, end: i + 1 };
    }
    const arg = parseCall(text, i);
    const end = arg ? arg.end : skipBalanced(text, i);
    args.push(arg ? arg.node : { kind: 'other' });
    i = skipSpace(text, end);
    if (text[i] === ',') {
      i++;
    } else if (text[i] !== ')') {
      i = skipBalanced(text, i);
    }
  }
  return undefined;
}

function parseString(text: string, at: number): { node: ExprNode; end: number } | undefined {
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      return { node: { kind: 'string', value }, end: i + 1 };
    }
    if (c === '\\') {
      const next = text[++i];
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
    } else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      value += text[i];
      i++;
    } else if (text.startsWith('${', i)) {
      const close = text.indexOf('}', i);
      if (close < 0) {
        return undefined;
      }
      value += text.slice(i, close + 1);
      i = close;
    } else {
      value += c;
    }
  }
  return undefined;
}

/**
 * A heredoc `<<EOT` / `<<-EOT` (the indented form strips the smallest common indentation), with
 * `${...}` kept as written. https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings
 */
function parseHeredoc(text: string, at: number): { node: ExprNode; end: number } | undefined {
  const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(at));
  if (!header) {
    return undefined;
  }
  const bodyStart = at + header[0].length;
  const close = new RegExp(`^[ \\t]*${header[2]}[ \\t]*$`, 'm');
  const rest = text.slice(bodyStart);
  const match = close.exec(rest);
  if (!match) {
    return undefined;
  }
  let lines = rest.slice(0, match.index).replace(/\r?\n$/, '').split(/\r?\n/);
  if (header[1] === '-') {
    const indent = Math.min(...lines.filter(l => l.trim() !== '').map(l => /^[ \t]*/.exec(l)![0].length));
    lines = lines.map(l => l.slice(Number.isFinite(indent) ? indent : 0));
  }
  return { node: { kind: 'string', value: `${lines.join('\n')}\n` }, end: bodyStart + match.index + match[0].length };
}

/** Skips one argument that is not a call or a string (`{ a = var.b }`, `var.x`), up to the next `,` or `)` at depth 0. */
function skipBalanced(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = parseString(text, i)?.end ?? text.length;
      i--;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      if (depth === 0) {
        return i;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      return i;
    }
  }
  return text.length;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i])) {
    i++;
  }
  return i;
}

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return undefined;
  }
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Text that happens to be valid base64 (a one-word script) decodes to binary: keep the text then.
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
}
