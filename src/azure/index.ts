import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
/** placeholder */
export class Probe { public static nsgName(n: NetworkSecurityGroup): string { return n.name; } }
