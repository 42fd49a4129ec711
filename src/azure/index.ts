/**
 * search-guardrails/azure: CDK for Terraform (cdktf + @cdktf/provider-azurerm).
 */
export * from './search-guardrails';
export * from './secure-elasticsearch-cluster';
