/**
 * What a VM boots with, read for Elasticsearch / OpenSearch / Kibana, whatever the input format: the
 * text of a cloud-config document or a shell script (EC2 `UserData`, azurerm `custom_data`). Says which
 * search software it installs or starts, and the settings `elasticsearch.yml` / `opensearch.yml` end up
 * with after every step, in the order the steps run. Framework-free.
 *
 * Order (cloud-init docs, "Module reference"): `write_files` runs in the init stage, `runcmd` commands
 * are only written there and run by `scripts_user` in the final stage, so a `runcmd` that edits the
 * config file overrides what `write_files` wrote.
 */
import { ClusterFacts, Fact, known, unknown } from '../../core/model/model';

/** The `yaml` package, loaded when boot data is first read: most inputs have none. */
function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** Search software a node can run. OpenSearch Dashboards counts as `kibana` (same port, 5601). */
export type SearchSoftware = 'elasticsearch' | 'opensearch' | 'kibana';

/** What the boot data of one node says. */
export interface SearchNodeBoot {
  /** `cloud-config`, `shell` or `other` (a MIME multi-part or unknown text is read as shell lines). */
  readonly format: 'cloud-config' | 'shell' | 'other';
  /** The search software it installs or starts, in the order first seen. */
  readonly software: readonly SearchSoftware[];
  /** The config file's settings after every step, flattened to dotted keys; absent when nothing writes one. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Why the settings cannot be read, when a step that writes them cannot be followed. */
  readonly unreadable?: string;
}

const CONFIG_FILE = /(^|\/)(elasticsearch|opensearch)\.yml$/;
const SOFTWARE = /\b(elasticsearch|opensearch-dashboards|opensearch|kibana)\b/gi;
/** Language package managers install client libraries, not a node. */
const CLIENT_LIBRARY_INSTALL = /\b(pip3?|npm|yarn|gem|go|cargo|composer)\s+(install|get|add)\b/;

/** Reads boot data given as text (already decoded from base64 by the caller, or literal). */
export function readSearchNodeBoot(text: string): SearchNodeBoot {
  const state = new BootState();
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (/^#cloud-config\b/.test(trimmed)) {
    let document: unknown;
    try {
      document = parseYaml(trimmed);
    } catch (e) {
      return { format: 'cloud-config', software: softwareIn(trimmed), unreadable: `the cloud-config is not valid YAML (${(e as Error).message.split('\n')[0]})` };
    }
    readCloudConfig(isRecord(document) ? document : {}, state);
    return state.result('cloud-config');
  }
  readShell(trimmed, state);
  return state.result(trimmed.startsWith('#!') ? 'shell' : 'other');
}

/**
 * The facts the rules read. Settings that are not set are unknown (they depend on the version's
 * default), never safe; OpenSearch's `plugins.security.disabled: true` turns security off.
 */
export function searchNodeFacts(boot: SearchNodeBoot): ClusterFacts {
  return settingsFacts(boot.settings, boot.unreadable,
    'the boot data writes no elasticsearch.yml or opensearch.yml, so security depends on the version\'s default');
}

/**
 * The facts the rules read from a node's `elasticsearch.yml` / `opensearch.yml` settings (flattened to
 * dotted keys), for every reader of boot data. Settings that are not set are unknown (they depend on
 * the version's default), never safe; OpenSearch's `plugins.security.disabled: true` turns security off.
 * @param missing why there are no settings, when `settings` is undefined and `unreadable` says nothing
 * @param file how messages name the file
 */
export function settingsFacts(
  settings: Readonly<Record<string, unknown>> | undefined, unreadable: string | undefined, missing: string, file = 'the config file',
): ClusterFacts {
  if (settings === undefined) {
    const reason = unreadable ?? missing;
    return {
      securityEnabled: unknown(reason),
      httpsEnforced: unknown(reason),
      nodeToNodeEncryption: unknown(reason),
      anonymousAccess: unknown(reason),
    };
  }
  const s = settings;
  const roles = s['xpack.security.authc.anonymous.roles'];
  const anonymous = Array.isArray(roles) ? roles.length > 0 : typeof roles === 'string' && roles.trim() !== '';
  const disabledPlugin = booleanSetting(s, 'plugins.security.disabled', file);
  const securityEnabled = disabledPlugin.known && disabledPlugin.value ? known(false) : booleanSetting(s, 'xpack.security.enabled', file);
  return {
    securityEnabled: unreadable !== undefined && !(securityEnabled.known && !securityEnabled.value) ? unknown(unreadable) : securityEnabled,
    httpsEnforced: booleanSetting(s, 'xpack.security.http.ssl.enabled', file),
    nodeToNodeEncryption: booleanSetting(s, 'xpack.security.transport.ssl.enabled', file),
    anonymousAccess: known(anonymous),
  };
}

class BootState {
  private readonly found: SearchSoftware[] = [];
  private settings?: Record<string, unknown>;
  private unreadable?: string;

  public saw(software: readonly SearchSoftware[]): void {
    for (const s of software) if (!this.found.includes(s)) this.found.push(s);
  }

  /** The config file is written (`append`: added to) with YAML text. */
  public write(content: string, append: boolean, where: string): void {
    let parsed: unknown;
    try {
      parsed = content.trim() === '' ? {} : parseYaml(content);
    } catch (e) {
      this.unreadable ??= `${where} is not valid YAML (${(e as Error).message.split('\n')[0]})`;
      return;
    }
    const flat = isRecord(parsed) ? flatten(parsed) : {};
    this.settings = append ? { ...(this.settings ?? {}), ...flat } : flat;
  }

  /** One setting changed by a command (`sed`, an environment variable of a container). */
  public set(key: string, value: unknown): void {
    this.settings = { ...(this.settings ?? {}), [key]: value };
  }

  public cannotFollow(reason: string): void {
    this.unreadable ??= reason;
  }

  public result(format: SearchNodeBoot['format']): SearchNodeBoot {
    return {
      format,
      software: this.found,
      ...(this.settings !== undefined ? { settings: this.settings } : {}),
      ...(this.unreadable !== undefined ? { unreadable: this.unreadable } : {}),
    };
  }
}

function readCloudConfig(document: Record<string, unknown>, state: BootState): void {
  const packages = Array.isArray(document.packages) ? document.packages : [];
  for (const p of packages) state.saw(softwareIn(Array.isArray(p) ? String(p[0]) : String(p)));
  const files = Array.isArray(document.write_files) ? document.write_files : [];
  for (const file of files) {
    if (!isRecord(file) || typeof file.path !== 'string' || !CONFIG_FILE.test(file.path)) continue;
    state.saw([file.path.includes('opensearch') ? 'opensearch' : 'elasticsearch']);
    const encoding = String(file.encoding ?? 'text').toLowerCase();
    let content = typeof file.content === 'string' ? file.content : '';
    if (['b64', 'base64'].includes(encoding)) {
      content = Buffer.from(content, 'base64').toString('utf8');
    } else if (encoding !== 'text') {
      state.cannotFollow(`${file.path} is written with encoding ${encoding}, which is not read`);
      continue;
    }
    state.write(content, file.append === true, file.path);
  }
  // runcmd entries are shell lines (a string) or argv lists; cloud-init runs them after write_files.
  const commands = Array.isArray(document.runcmd) ? document.runcmd : [];
  for (const c of commands) if (isRecord(c)) state.cannotFollow('a runcmd entry is a mapping, not a command (quote commands that hold ": ")');
  const script = commands.filter(c => !isRecord(c)).map(c => (Array.isArray(c) ? c.map(String).join(' ') : String(c))).join('\n');
  readShell(script, state);
}

/** Shell lines, in order: heredocs and redirections into the config file, `sed -i`, container environment. */
function readShell(text: string, state: BootState): void {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const command = line.trim();
    if (command === '' || command.startsWith('#')) continue;
    if (!CLIENT_LIBRARY_INSTALL.test(command)) state.saw(softwareIn(command));

    const heredoc = /<<-?\s*(['"]?)([A-Za-z_][\w]*)\1/.exec(command);
    const target = redirectTarget(command);
    if (heredoc) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j].trim() !== heredoc[2]; j++) body.push(lines[j]);
      i = j;
      if (target && CONFIG_FILE.test(target.path)) state.write(body.join('\n'), target.append, target.path);
      continue;
    }
    if (target && CONFIG_FILE.test(target.path)) {
      const echoed = /^(?:echo(?:\s+-[ne]+)?|printf)\s+(['"]?)(.*?)\1\s*(?:\||>)/.exec(command);
      if (echoed) state.write(echoed[2].replace(/\\n/g, '\n'), target.append, target.path);
      else state.cannotFollow(`the command "${shorten(command)}" writes the config file in a way that is not read`);
      continue;
    }
    if (/\bsed\b/.test(command) && /\s-i\b|\s--in-place\b/.test(command) && /(elasticsearch|opensearch)\.yml/.test(command)) {
      readSed(command, state);
      continue;
    }
    // Containers: `docker run -e xpack.security.enabled=false ...`, `DISABLE_SECURITY_PLUGIN=true`.
    const env = /(?:-e|--env)\s+["']?([\w.]+)=([^\s"']*)/g;
    let match: RegExpExecArray | null;
    while ((match = env.exec(command)) !== null) {
      if (match[1].includes('.')) state.set(match[1], scalar(match[2]));
      // OpenSearch docker image: "DISABLE_SECURITY_PLUGIN=true" disables the security plugin.
      if (match[1] === 'DISABLE_SECURITY_PLUGIN') state.set('plugins.security.disabled', scalar(match[2]));
    }
  }
}

/** `sed -i 's/^#\?xpack.security.enabled:.*$/xpack.security.enabled: false/' .../elasticsearch.yml`. */
function readSed(command: string, state: BootState): void {
  const expression = /\bs([/|#,])((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1/.exec(command);
  const replacement = expression?.[3].replace(/\\(.)/g, '$1');
  const setting = replacement !== undefined ? /^\s*([\w.]+)\s*:\s*(.*?)\s*$/.exec(replacement) : null;
  if (setting) state.set(setting[1], scalar(setting[2]));
  else state.cannotFollow(`the command "${shorten(command)}" edits the config file in a way that is not read`);
}

function redirectTarget(command: string): { path: string; append: boolean } | undefined {
  const tee = /\btee\s+(-a\s+|--append\s+)?(['"]?)([^\s'"|;&]+)\2/.exec(command);
  if (tee) return { path: tee[3], append: tee[1] !== undefined };
  const redirect = /(>>?)\s*(['"]?)([^\s'"|;&]+)\2/.exec(command);
  return redirect ? { path: redirect[3], append: redirect[1] === '>>' } : undefined;
}

function softwareIn(text: string): SearchSoftware[] {
  const found: SearchSoftware[] = [];
  for (const m of text.matchAll(SOFTWARE)) {
    const name = m[1].toLowerCase();
    const software: SearchSoftware = name === 'opensearch-dashboards' ? 'kibana' : name as SearchSoftware;
    if (!found.includes(software)) found.push(software);
  }
  return found;
}

function scalar(text: string): unknown {
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  return text.replace(/^["']|["']$/g, '');
}

function booleanSetting(settings: Readonly<Record<string, unknown>>, key: string, file: string): Fact {
  const value = settings[key];
  if (value === true || value === 'true') return known(true);
  if (value === false || value === 'false') return known(false);
  if (value === undefined) return unknown(`${file} does not set ${key}, so it depends on the version's default`);
  return unknown(`${file} sets ${key} to ${JSON.stringify(value)}, which is not true or false`);
}

/** `{ xpack: { security: { enabled: true } } }` and `xpack.security.enabled: true` alike: dotted keys. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(inner)) Object.assign(out, flatten(inner, path)); else out[path] = inner;
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
