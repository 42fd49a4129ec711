import { acknowledgementsFromAssemblyMetadata, partitionAcknowledgements } from '../../../src/aws/cloudformation';

describe('acknowledgements recorded in a cloud assembly', () => {
  const metadata = {
    '/Search/Imported': [
      { type: 'aws:cdk:logicalId', data: 'Imported' },
      { type: 'aws:cdk:acknowledged-rules', data: { 'search-guardrails::unverifiable-network': 'group managed by the network team', 'cdk-nag::AwsSolutions-IAM4': 'other tool' } },
    ],
    '/Search/Sg': [{ type: 'aws:cdk:acknowledged-rules', data: { 'search-guardrails::public-ingress': 'we really want this' } }],
  };

  test('only this package rule ids are read, scoped to the construct path without its leading slash', () => {
    expect(acknowledgementsFromAssemblyMetadata(metadata, 'Search')).toEqual([
      { ruleId: 'unverifiable-network', reason: 'group managed by the network team', scope: { constructPath: 'Search/Imported' }, origin: 'Validations.of(Search/Imported).acknowledge in stack Search' },
      { ruleId: 'public-ingress', reason: 'we really want this', scope: { constructPath: 'Search/Sg' }, origin: 'Validations.of(Search/Sg).acknowledge in stack Search' },
    ]);
  });

  test('acknowledgements of non-acknowledgeable rules, unknown rules and short reasons are set apart with the reason why', () => {
    const { valid, ignored } = partitionAcknowledgements([
      ...acknowledgementsFromAssemblyMetadata(metadata),
      { ruleId: 'public-allowlist', reason: 'short', scope: {} },
      { ruleId: 'no-such-rule', reason: 'long enough reason', scope: {} },
    ]);
    expect(valid.map(a => a.ruleId)).toEqual(['unverifiable-network']);
    expect(ignored.map(i => i.why)).toEqual([
      'public-ingress cannot be acknowledged: fix the exposure instead',
      'the reason must have at least 10 characters',
      'no-such-rule is not a rule of search-guardrails',
    ]);
  });
});
