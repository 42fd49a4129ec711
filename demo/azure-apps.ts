/**
 * The Azure side of the story (CDK for Terraform), written as a user would write it: the support
 * team's cluster, the change, and the same change in a stack that does not use search-guardrails.
 */
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { SearchGuardrails, SecureElasticsearchCluster } from 'search-guardrails/azure';

/** The stack name of every Azure app of the demo. */
export const AZURE_STACK = 'support-search';
/** The construct id of the rule "another team" adds. */
export const AZURE_CHANGE_ID = 'troubleshooting-access';
const RESOURCE_GROUP = 'support-rg';
/** Priority of the added rule: ahead of the cluster's own Deny rules, so it takes effect. */
export const AZURE_CHANGE_PRIORITY = 150;

/**
 * The support team's stack: the provider and a SecureElasticsearchCluster. `skipValidation` is
 * cdktf's switch to skip construct validations (its error message suggests it).
 */
export function secureAzureApp(outdir: string, skipValidation = false): { app: App; stack: TerraformStack; cluster: SecureElasticsearchCluster } {
  const app = new App({ outdir, skipValidation });
  SearchGuardrails.enforce(app);
  const stack = new TerraformStack(app, AZURE_STACK);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const cluster = new SecureElasticsearchCluster(stack, 'support', { resourceGroupName: RESOURCE_GROUP, location: 'westeurope' });
  return { app, stack, cluster };
}

/**
 * "The change": a separate `azurerm_network_security_rule`, written by another team, that admits
 * the Internet service tag to Elasticsearch's HTTP port on the cluster's network security group.
 */
export function addTheChange(stack: TerraformStack, networkSecurityGroupName: string): NetworkSecurityRule {
  return new NetworkSecurityRule(stack, AZURE_CHANGE_ID, {
    name: 'AllowElasticsearchFromInternet',
    resourceGroupName: RESOURCE_GROUP,
    networkSecurityGroupName,
    priority: AZURE_CHANGE_PRIORITY,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '9200',
    sourceAddressPrefix: 'Internet',
    destinationAddressPrefix: '*',
  });
}

/** The secure stack after the change. */
export function changedAzureApp(outdir: string, skipValidation = false): App {
  const { app, stack, cluster } = secureAzureApp(outdir, skipValidation);
  addTheChange(stack, cluster.networkSecurityGroup.name);
  return app;
}

/**
 * Another team's stack, without search-guardrails: a hand-written network security group for its
 * Elasticsearch nodes (VNet only on 9200, everything else denied), and the same change.
 */
export function unguardedAzureApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, AZURE_STACK);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const rule = { direction: 'Inbound', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '9200', destinationAddressPrefix: '*' };
  const nsg = new NetworkSecurityGroup(stack, 'search-nsg', {
    name: 'support-search-nsg',
    resourceGroupName: RESOURCE_GROUP,
    location: 'westeurope',
    securityRule: [
      { ...rule, name: 'AllowElasticsearchFromVnet', priority: 100, access: 'Allow', sourceAddressPrefix: 'VirtualNetwork' },
      { ...rule, name: 'DenyElasticsearchFromElsewhere', priority: 210, access: 'Deny', protocol: '*', sourceAddressPrefix: '*' },
    ],
  });
  addTheChange(stack, nsg.name);
  return app;
}
