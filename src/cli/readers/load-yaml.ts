/**
 * The `yaml` package, loaded on first use: it is a large part of the command's start-up, and most
 * scans (cdk.out, cdktf.out, plan JSON) read no YAML.
 */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function loadYaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
