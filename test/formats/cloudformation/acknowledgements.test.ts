import { acknowledgementsFromAssemblyMetadata, constructPathsFromAssemblyMetadata } from '../../../src/formats/cloudformation';

describe('acknowledgements recorded in a cloud assembly', () => {
  const metadata = {
    '/Search/Imported': [
      { type: 'aws:cdk:logicalId', data: 'Imported1234' },
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

  test('construct paths by logical id come from the aws:cdk:logicalId entries', () => {
    expect(constructPathsFromAssemblyMetadata(metadata)).toEqual({ Imported1234: 'Search/Imported' });
  });
});
