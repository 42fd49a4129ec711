/** Synthesizes SecureElasticsearchCluster stacks for the tests and reads what they hold. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { SecureElasticsearchCluster, SecureElasticsearchClusterProps } from '../../../src/azure';

export type ClusterProps = Partial<SecureElasticsearchClusterProps>;

export const resourcesOf = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
export const resourceEntries = (json: any, type: string): [string, any][] => Object.entries(json.resource?.[type] ?? {});

export function clusterStack(app: App, id: string, props: ClusterProps = {}, before?: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  before?.(stack);
  const cluster = new SecureElasticsearchCluster(stack, 'es', { resourceGroupName: 'search-rg', location: 'westeurope', ...props });
  return { stack, cluster };
}

/** The Terraform JSON of a stack with one cluster (no validation: structure only). */
export function clusterJson(props: ClusterProps = {}, before?: (stack: TerraformStack) => void): any {
  const { stack } = clusterStack(Testing.app(), 'search', props, before);
  return JSON.parse(Testing.synth(stack));
}

/** VM resources in node order. */
export function machines(json: any): any[] {
  return resourcesOf(json, 'azurerm_linux_virtual_machine').sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

export const decode = (base64: string): string => Buffer.from(base64, 'base64').toString('utf8');

export function cloudConfigOf(vm: any): any {
  return parseYaml(decode(vm.custom_data));
}

export function writtenFile(vm: any, path: string): any {
  return cloudConfigOf(vm).write_files.find((f: any) => f.path === path);
}
