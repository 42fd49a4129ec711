/**
 * Cluster facts from the `elasticsearch.yml` (or `opensearch.yml`) settings a node boots with; the
 * boot data itself is read by boot-data.ts.
 */
import { isPlainObject } from './terraform-document';
import { ClusterFacts } from '../../core/model/model';
import { flatten, settingsFacts } from '../boot-data';

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

/**
 * The facts the rules read, from the settings (missing security settings are unknown, never safe):
 * the same reading as every other boot data (`settingsFacts`), OpenSearch's
 * `plugins.security.disabled` included.
 */
export function factsFromConfiguration(config: NodeConfiguration): ClusterFacts {
  return settingsFacts(config.settings, config.unreadable, 'elasticsearch.yml cannot be read', 'elasticsearch.yml');
}
