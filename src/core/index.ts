/**
 * `search-guardrails/core`: the framework-free vocabulary shared by every front end — rule ids,
 * severities, findings, acknowledgements and the rule catalogue.
 */
export * from './findings/finding';
export * from './rule-catalogue';
