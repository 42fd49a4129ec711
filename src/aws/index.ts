/**
 * `search-guardrails/aws`: a secure-by-construction OpenSearch domain and a guard that fails
 * `cdk synth` when a search cluster is exposed.
 */
export * from './search-guardrails';
export * from './secure-search-domain';
