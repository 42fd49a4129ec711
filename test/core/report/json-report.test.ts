import { ALLOWLIST, CLEAN, MIXED, OPEN_INGRESS, result } from './report-fixtures';
import { renderJsonReport, resourcesCheckedInModel, toJsonReport } from '../../../src/core/report';

describe('JSON report', () => {
  test('every finding has exactly the spec keys, with null for an unknown construct path', () => {
    const report = toJsonReport(MIXED);
    expect(Object.keys(report)).toEqual(['findings', 'acknowledged', 'summary']);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'resource', 'file', 'constructPath', 'message', 'acknowledged', 'path']);
    }
    expect(report.findings).toEqual([
      {
        ruleId: 'public-ingress',
        severity: 'error',
        resource: 'SearchSg1A2B3C',
        file: 'cdk.out/Search.template.json',
        constructPath: 'Search/Sg/Resource',
        message: OPEN_INGRESS.message,
        acknowledged: false,
        path: [],
      },
      {
        ruleId: 'public-allowlist',
        severity: 'warning',
        resource: 'module.search.azurerm_network_security_rule.office',
        file: 'plans/prod plan.json',
        constructPath: null,
        message: ALLOWLIST.message,
        acknowledged: false,
        path: [],
      },
    ]);
  });

  test('acknowledged findings are listed with their reason and the acknowledgements given are in the summary', () => {
    const report = toJsonReport(MIXED);
    expect(report.acknowledged).toEqual([expect.objectContaining({
      ruleId: 'unverifiable-network',
      resource: 'azurerm_network_security_group.es',
      acknowledged: true,
      reason: 'The variable is validated by the platform team module',
    })]);
    expect(report.summary.acknowledgements.map(a => [a.ruleId, a.resource, a.constructPath, a.origin])).toEqual([
      ['unverifiable-network', 'azurerm_network_security_group.es', null, 'acks.yaml'],
      ['audit-logging-disabled', null, 'Search/Domain', null],
    ]);
  });

  test('the summary counts files, resources, errors, warnings, acknowledged findings and unread inputs', () => {
    expect(toJsonReport(MIXED).summary).toEqual(expect.objectContaining({
      filesScanned: 4,
      resourcesChecked: 3,
      errors: 1,
      warnings: 1,
      acknowledged: 1,
      inputProblems: 1,
      failed: true,
      inputErrors: [{ file: 'broken/template.yaml', message: expect.stringContaining('invalid YAML') }],
    }));
    expect(toJsonReport(CLEAN).summary).toEqual(expect.objectContaining({ errors: 0, warnings: 0, failed: false }));
  });

  test('warnings alone fail the summary only at fail-on warning', () => {
    const warningsOnly = { ...CLEAN, result: result([ALLOWLIST]) };
    expect(toJsonReport({ ...warningsOnly, failOn: 'error' }).summary.failed).toBe(false);
    expect(toJsonReport({ ...warningsOnly, failOn: 'warning' }).summary.failed).toBe(true);
    expect(toJsonReport({ ...warningsOnly, result: result([OPEN_INGRESS]), failOn: 'never' }).summary.failed).toBe(false);
  });

  test('the rendered text is the object as indented JSON with a trailing newline', () => {
    const text = renderJsonReport(MIXED);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toJsonReport(MIXED));
  });

  test('findings are ordered by file, resource and severity whatever order the engine gave', () => {
    const report = toJsonReport({ ...CLEAN, result: result([ALLOWLIST, OPEN_INGRESS]) });
    expect(report.findings.map(f => f.ruleId)).toEqual(['public-ingress', 'public-allowlist']);
  });
});

describe('resources checked in a model', () => {
  test('clusters, firewalls, standalone rules and public endpoints are each counted once', () => {
    const sg = { resource: 'Sg', resourceType: 'AWS::EC2::SecurityGroup', file: 't.json' };
    const ingress = { resource: 'SgIngress', resourceType: 'AWS::EC2::SecurityGroupIngress', file: 't.json' };
    const domain = { resource: 'Domain', resourceType: 'AWS::OpenSearchService::Domain', file: 't.json' };
    const pip = { resource: 'azurerm_public_ip.es', resourceType: 'azurerm_public_ip', file: 'main.tf' };
    const rule = (origin: typeof sg) => ({ origin, name: 'r', access: {} as any, protocol: {} as any, ports: {} as any, sources: [] });
    const located = resourcesCheckedInModel({
      clusters: [{ location: domain, kind: 'managed-domain', ports: [443], facts: { publicEndpoints: [{ description: 'ip', origin: pip }] } }],
      firewalls: [{ location: sg, kind: 'aws-security-group', rules: [rule(sg), rule(ingress), rule(ingress)] }],
    });
    expect(located.map(l => l.resource)).toEqual(['Domain', 'azurerm_public_ip.es', 'Sg', 'SgIngress']);
  });

  test('equal file, stack and resource count once (a missing file or stack is an empty one), any other difference twice, first location kept', () => {
    const at = (resource: string, file?: string, stack?: string) => ({
      resource, resourceType: 'AWS::EC2::SecurityGroup', ...(file !== undefined ? { file } : {}), ...(stack !== undefined ? { stack } : {}),
    });
    const locations = [
      at('Sg', 'a.json', 'S'), at('Sg', 'a.json', 'S'), at('Sg', 'a.json'), at('Sg', 'a.json', ''), at('Sg', 'b.json', 'S'),
      at('Sg', undefined, 'S'), at('Sg', '', 'S'), at('Sg2', 'a.json', 'S'), at('a.json', 'Sg', 'S'), at('S', 'a.json', 'Sg'),
    ];
    const located = resourcesCheckedInModel({
      clusters: [],
      firewalls: locations.map(location => ({ location, kind: 'aws-security-group' as const, rules: [] })),
    });
    expect(located).toEqual([locations[0], locations[2], locations[4], locations[5], locations[7], locations[8], locations[9]]);
    expect(located[0]).toBe(locations[0]);
  });
});
