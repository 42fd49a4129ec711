/** Hand-built evaluation results for the report tests (the reports are pure functions of them). */
import type { EvaluationResult } from '../../../src/core/engine';
import { Acknowledgement, Finding, RuleId, Severity } from '../../../src/core/findings/finding';
import type { ResourceLocation } from '../../../src/core/model/model';
import { ReportInput } from '../../../src/core/report';

export const OPEN_INGRESS: Finding = {
  ruleId: RuleId.PUBLIC_INGRESS,
  severity: Severity.ERROR,
  resource: 'SearchSg1A2B3C',
  resourceType: 'AWS::EC2::SecurityGroup',
  file: 'cdk.out/Search.template.json',
  line: 12,
  constructPath: 'Search/Sg/Resource',
  stack: 'Search',
  message: 'public-ingress: tcp 9200 from 0.0.0.0/0 reaches cluster port 9200 - anyone on the internet can read the cluster. Admit only private sources.',
  acknowledged: false,
  exposurePaths: [
    { source: '0.0.0.0/0', rule: 'SearchSg1A2B3C ingress tcp 9200', port: 9200 },
    { source: '0.0.0.0/0', rule: 'SearchSg1A2B3C ingress tcp 9200', port: 9300 },
  ],
};

export const ALLOWLIST: Finding = {
  ruleId: RuleId.PUBLIC_ALLOWLIST,
  severity: Severity.WARNING,
  resource: 'module.search.azurerm_network_security_rule.office',
  resourceType: 'azurerm_network_security_rule',
  file: 'plans/prod plan.json',
  message: 'public-allowlist: 198.51.99.0/30 "office" <b>|pipe|</b> reaches cluster port 9200 - allowlists drift. Prefer private connectivity.',
  acknowledged: false,
  exposurePaths: [{ source: '198.51.99.0/30 "office" `x` <b>#1</b>', rule: 'nsg / office | "allow"', port: 9200, cluster: 'vm[0]' }],
};

export const UNVERIFIABLE_ACKNOWLEDGED: Finding = {
  ruleId: RuleId.UNVERIFIABLE_NETWORK,
  severity: Severity.ERROR,
  resource: 'azurerm_network_security_group.es',
  resourceType: 'azurerm_network_security_group',
  file: 'infra/main.tf',
  line: 5,
  message: 'unverifiable-network: source ${var.allowed} of rule allow-es is not known at synthesis - it may be the internet. Use a literal.',
  acknowledged: true,
  acknowledgementReason: 'The variable is validated by the platform team module',
};

export const ACKNOWLEDGEMENT: Acknowledgement = {
  ruleId: RuleId.UNVERIFIABLE_NETWORK,
  reason: 'The variable is validated by the platform team module',
  scope: { resource: 'azurerm_network_security_group.es' },
  origin: 'acks.yaml',
};

export const UNUSED_ACKNOWLEDGEMENT: Acknowledgement = {
  ruleId: RuleId.AUDIT_LOGGING_DISABLED,
  reason: 'Logs ship through the sidecar instead',
  scope: { constructPath: 'Search/Domain' },
};

export const CHECKED: ResourceLocation[] = [
  { resource: 'SearchSg1A2B3C', resourceType: 'AWS::EC2::SecurityGroup', file: 'cdk.out/Search.template.json', line: 12, stack: 'Search' },
  { resource: 'SearchDomain', resourceType: 'AWS::OpenSearchService::Domain', file: 'cdk.out/Search.template.json', line: 30, stack: 'Search' },
  { resource: 'azurerm_network_security_group.es', resourceType: 'azurerm_network_security_group', file: 'infra/main.tf', line: 5 },
];

export function result(findings: Finding[], acknowledged: Finding[] = [], acknowledgements: Acknowledgement[] = []): EvaluationResult {
  return { findings, acknowledged, acknowledgements, rejectedAcknowledgements: [] };
}

/** Two errors/warnings, one acknowledged finding, one unread input. */
export const MIXED: ReportInput = {
  result: result([OPEN_INGRESS, ALLOWLIST], [UNVERIFIABLE_ACKNOWLEDGED], [ACKNOWLEDGEMENT, UNUSED_ACKNOWLEDGEMENT]),
  filesScanned: ['cdk.out/manifest.json', 'cdk.out/Search.template.json', 'infra/main.tf', 'plans/prod plan.json'],
  resourcesChecked: CHECKED,
  inputProblems: [{ file: 'broken/template.yaml', message: 'invalid YAML at line 3: bad indentation. Fix the syntax.' }],
  failOn: 'error',
  toolVersion: '1.2.3',
};

export const CLEAN: ReportInput = {
  result: result([]),
  filesScanned: ['infra/main.tf'],
  resourcesChecked: [CHECKED[2]],
  failOn: 'error',
};

/** A scan whose synthesized metadata recorded an acknowledgement that cannot apply. */
export const WITH_REJECTED: ReportInput = {
  ...CLEAN,
  result: {
    ...result([OPEN_INGRESS]),
    rejectedAcknowledgements: [{
      acknowledgement: { ruleId: 'public-ingress', reason: 'we need it open', scope: { constructPath: 'Search/Sg' }, origin: 'Validations.of(Search/Sg).acknowledge' },
      problem: 'public-ingress cannot be acknowledged',
    }],
  },
};
