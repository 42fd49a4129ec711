/**
 * Cluster facts from what a node boots with: the cloud-config in `custom_data` / `user_data`
 * (base64, as azurerm requires) that writes `elasticsearch.yml` (or `opensearch.yml`).
 */
import { explainExpression, isExpression } from './expressions';
import { isPlainObject } from './terraform-document';
import { ClusterFacts, Fact, known, unknown } from '../../core/model/model';

/** The `yaml` package, loaded when a node's boot data is first read: most inputs have none. */
function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** What a node's boot data says about Elasticsearch. */
export interface NodeConfiguration {
  /** The `elasticsearch.yml` settings, flattened to dotted keys, when found. */
  readonly settings?: Record<string, unknown>;
  /** Why the settings cannot be read, when they cannot. */
  readonly unreadable?: string;
}

const CONFIG_FILE = /(^|\/)(elasticsearch|opensearch)\.yml$/;

/** Whether the boot data (base64 cloud-config) of a node writes an Elasticsearch/OpenSearch config. */
export function readNodeConfiguration(customData: unknown): NodeConfiguration {
  if (customData === undefined || customData === null || customData === '') {
    return { unreadable: 'the node has no custom_data or user_data to read elasticsearch.yml from' };
  }
  if (typeof customData !== 'string') {
    return { unreadable: 'custom_data is not a string' };
  }
  if (isExpression(customData)) {
    return { unreadable: `custom_data: ${explainExpression(customData)}` };
  }
  const text = decodeBase64(customData) ?? customData;
  if (!/^#cloud-config/.test(text.trimStart())) {
    return { unreadable: 'custom_data is not a #cloud-config document, so elasticsearch.yml cannot be read' };
  }
  let cloudConfig: unknown;
  try {
    cloudConfig = parseYaml(text);
  } catch (e) {
    return { unreadable: `custom_data is not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
  const files = isPlainObject(cloudConfig) && Array.isArray(cloudConfig.write_files) ? cloudConfig.write_files : [];
  const file = files.find((f: any) => isPlainObject(f) && typeof f.path === 'string' && CONFIG_FILE.test(f.path));
  if (!file) {
    return { unreadable: 'the cloud-config writes no elasticsearch.yml' };
  }
  const encoding = String(file.encoding ?? 'text').toLowerCase();
  let content = typeof file.content === 'string' ? file.content : '';
  if (encoding === 'b64' || encoding === 'base64') {
    content = Buffer.from(content, 'base64').toString('utf8');
  } else if (encoding !== 'text') {
    return { unreadable: `elasticsearch.yml is written with encoding ${encoding}, which this guard does not read` };
  }
  try {
    const settings = parseYaml(content);
    return { settings: flatten(isPlainObject(settings) ? settings : {}) };
  } catch (e) {
    return { unreadable: `elasticsearch.yml is not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
}

/** The facts the rules read, from the settings (missing security settings are unknown, never safe). */
export function factsFromConfiguration(config: NodeConfiguration): ClusterFacts {
  if (!config.settings) {
    const reason = config.unreadable ?? 'elasticsearch.yml cannot be read';
    return {
      securityEnabled: unknown(reason),
      httpsEnforced: unknown(reason),
      nodeToNodeEncryption: unknown(reason),
      anonymousAccess: unknown(reason),
    };
  }
  const s = config.settings;
  const roles = s['xpack.security.authc.anonymous.roles'];
  const anonymous = Array.isArray(roles) ? roles.length > 0 : typeof roles === 'string' && roles.trim() !== '';
  return {
    securityEnabled: booleanSetting(s, 'xpack.security.enabled'),
    httpsEnforced: booleanSetting(s, 'xpack.security.http.ssl.enabled'),
    nodeToNodeEncryption: booleanSetting(s, 'xpack.security.transport.ssl.enabled'),
    anonymousAccess: known(anonymous),
  };
}

function booleanSetting(settings: Record<string, unknown>, key: string): Fact {
  const value = settings[key];
  if (value === true || value === 'true') {
    return known(true);
  }
  if (value === false || value === 'false') {
    return known(false);
  }
  if (value === undefined) {
    return unknown(`elasticsearch.yml does not set ${key}, so it depends on the version's default`);
  }
  return unknown(`elasticsearch.yml sets ${key} to ${JSON.stringify(value)}, which is not true or false`);
}

/** `{ xpack: { security: { enabled: true } } }` and `xpack.security.enabled: true` alike. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(inner)) {
      Object.assign(out, flatten(inner, path));
    } else {
      out[path] = inner;
    }
  }
  return out;
}

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return undefined;
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}
