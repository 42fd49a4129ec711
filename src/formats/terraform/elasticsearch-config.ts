/**
 * Cluster facts from the `elasticsearch.yml` (or `opensearch.yml`) settings a node boots with; the
 * boot data itself is read by boot-data.ts.
 */
import { isPlainObject } from './terraform-document';
import { ClusterFacts, Fact, known, unknown } from '../../core/model/model';
import { flatten } from '../boot-data';

/**
 * The settings of an `elasticsearch.yml` / `opensearch.yml`, flattened to dotted keys. The `yaml`
 * package is loaded when a node's boot data is first read: most inputs have none.
 */
export function parseSettings(content: string): NodeConfiguration {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = (require('yaml') as typeof import('yaml')).parse(content);
    return { settings: flatten(isPlainObject(settings) ? settings : {}) };
  } catch (e) {
    return { unreadable: `elasticsearch.yml is not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
}

/** What a node's boot data says about Elasticsearch. */
export interface NodeConfiguration {
  /** The `elasticsearch.yml` settings, flattened to dotted keys, when found. */
  readonly settings?: Record<string, unknown>;
  /** Why the settings cannot be read, when they cannot. */
  readonly unreadable?: string;
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
