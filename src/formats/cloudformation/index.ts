/**
 * Framework-free CloudFormation front end (no aws-cdk-lib / constructs import): the scan CLI imports
 * this module directly (`search-guardrails/lib/aws/cloudformation`), the CDK guard uses it too.
 * Internal: not re-exported from `src/aws/index.ts` (free functions are not jsii API).
 */
export type { CloudFormationTemplateInput } from './template-set';
export type { CloudFormationToModelOptions } from './to-model';
export { cloudFormationToModel } from './to-model';
export {
  acknowledgementsFromAssemblyMetadata,
  assemblyMetadataFacts,
  constructPathsFromAssemblyMetadata,
  ACKNOWLEDGED_RULES_METADATA_TYPE,
  RULE_ID_PREFIX,
} from './acknowledgements';
