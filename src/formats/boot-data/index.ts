/** Format-neutral readers of what a VM boots with (cloud-config, shell scripts). Internal. */
export { flatten, readSearchNodeBoot, searchNodeFacts, settingsFacts } from './search-node-boot';
export type { SearchNodeBoot, SearchSoftware } from './search-node-boot';
