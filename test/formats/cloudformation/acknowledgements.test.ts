import {
  ACKNOWLEDGED_RULES_METADATA_TYPE, acknowledgementsFromAssemblyMetadata, assemblyMetadataFacts, constructPathsFromAssemblyMetadata,
} from '../../../src/formats/cloudformation';

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

  test('an entry that is no object (null, a number) and a path whose value is no list count as no entries', () => {
    const odd: any = { '/Search/Sg': [null, 5, ...metadata['/Search/Imported']], '/Search/Other': 7, '/Search/None': null };
    expect(constructPathsFromAssemblyMetadata(odd)).toEqual({ Imported1234: 'Search/Sg' });
    expect(acknowledgementsFromAssemblyMetadata(odd).map(a => [a.ruleId, a.scope.constructPath])).toEqual([['unverifiable-network', 'Search/Sg']]);
    expect(assemblyMetadataFacts(odd)).toBeUndefined();
  });
});

describe('construct paths and acknowledgements of assembly metadata in one pass', () => {
  const ackEntry = (data: unknown) => ({ type: ACKNOWLEDGED_RULES_METADATA_TYPE, data });
  const metadata: Record<string, any[]> = {
    '/': [ackEntry({ 'search-guardrails::public-ingress': 'accepted for the whole app, all of it' })],
    '/App/Sg': [ackEntry({ 'other-tool::X': 'no', 'search-guardrails::public-allowlist': 42 }), { type: 'aws:cdk:logicalId', data: 'SgA' }],
    '//App/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Sg' }, { type: 'aws:cdk:logicalId', data: 'SgA' }, { type: 'aws:cdk:logicalId', data: 7 }],
    '/App/Null': [ackEntry(null), ackEntry({ 'search-guardrails::public-ingress': null }), ['a list'], { type: 'other' }],
    '/App/Empty': [],
  };

  test('gives what the two functions give, in their order', () => {
    for (const stack of [undefined, 'Prod']) {
      expect(assemblyMetadataFacts(metadata, stack)).toEqual({
        constructPaths: constructPathsFromAssemblyMetadata(metadata),
        acknowledgements: acknowledgementsFromAssemblyMetadata(metadata, stack),
      });
    }
    expect(assemblyMetadataFacts(metadata)!.constructPaths).toEqual({ SgA: 'App/Sg/Resource', Sg: 'App/Sg/Resource' });
  });

  test.each([
    ['a list that is no array', { '/A': 'text' }],
    ['an entry that is no object', { '/A': [{ type: 'aws:cdk:logicalId', data: 'A' }, null] }],
    ['a reason that is an object', { '/A': [ackEntry({ 'search-guardrails::public-ingress': { toString: 'x' } })] }],
  ])('is undefined for %s (the two functions read it their own way)', (_name, odd) => {
    expect(assemblyMetadataFacts(odd as any)).toBeUndefined();
  });
});
