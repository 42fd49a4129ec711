/**
 * Framework-free Terraform -> model translation (no cdktf, constructs or provider imports), shared
 * by the cdktf guard and the scan CLI. Internal: not part of the jsii API.
 */
export type { TerraformResourceInput, TerraformDocumentInput, TerraformDocumentOptions } from './terraform-document';
export { terraformJsonToDocument } from './terraform-document';
export type { TerraformToModelOptions } from './terraform-to-model';
export { terraformToModel } from './terraform-to-model';
export type { RecordedAcknowledgement } from './acknowledgements';
export { acknowledgementsFromTerraformJson, GUARDRAILS_METADATA_KEY } from './acknowledgements';
export { CLUSTER_TAG } from './azurerm/clusters';
