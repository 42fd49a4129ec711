/**
 * search-guardrails/cdktf: the CDK for Terraform guard alone, for any provider (it reads the
 * synthesized Terraform JSON, whatever provider wrote it). Needs cdktf and constructs only: an
 * AWS-only app (`@cdktf/provider-aws`) does not install `@cdktf/provider-azurerm`.
 */
export { SearchGuardrails } from '../azure/search-guardrails';
