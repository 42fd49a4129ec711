import { CLEAN, MIXED, OPEN_INGRESS, result } from './report-fixtures';
import { sarifSchemaErrors } from './sarif-schema';
import { RuleId } from '../../../src/core/findings/finding';
import { renderSarifReport, toSarifReport } from '../../../src/core/report';
import { RULE_CATALOGUE } from '../../../src/core/rules/catalogue';

const run = (log: any) => log.runs[0];

describe('SARIF report', () => {
  test('a report with errors, warnings, acknowledgements and unread inputs is valid against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(renderSarifReport(MIXED, { sourceRootUri: 'file:///home/ci/repo' }));
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  test('a clean report is valid against the SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(toSarifReport(CLEAN))).toEqual([]);
  });

  test('the schema check rejects a log whose result level is not a SARIF level', () => {
    const log: any = toSarifReport(MIXED);
    log.runs[0].results[0].level = 'critical';
    expect(sarifSchemaErrors(log).join('\n')).toMatch(/level/);
  });

  test('the driver lists every rule of the catalogue with its default level and acknowledgeable flag', () => {
    const rules = run(toSarifReport(MIXED)).tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(RULE_CATALOGUE.map(r => r.id));
    const ingress = rules.find((r: any) => r.id === 'public-ingress');
    expect(ingress.defaultConfiguration.level).toBe('error');
    expect(ingress.properties.acknowledgeable).toBe(false);
    expect(ingress.properties['security-severity']).toBe('9.8');
    expect(rules.find((r: any) => r.id === 'public-allowlist').defaultConfiguration.level).toBe('warning');
    expect(run(toSarifReport(MIXED)).tool.driver.version).toBe('1.2.3');
  });

  test('a finding with a file and a line is located by a relative URI against %SRCROOT% and a start line', () => {
    const first = run(toSarifReport(MIXED)).results.find((r: any) => r.ruleId === 'public-ingress');
    expect(first.level).toBe('error');
    expect(first.ruleIndex).toBe(RULE_CATALOGUE.findIndex(r => r.id === RuleId.PUBLIC_INGRESS));
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'cdk.out/Search.template.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12 },
    });
    expect(first.locations[0].logicalLocations[0]).toEqual({ name: 'SearchSg1A2B3C', fullyQualifiedName: 'Search/Sg/Resource', kind: 'resource' });
    expect(first.message.text).toBe(OPEN_INGRESS.message);
  });


  test('the same resource and rule in two files (envs/dev and envs/prod) get different fingerprints, and reruns the same one', () => {
    const dev = { ...OPEN_INGRESS, file: 'envs/dev/cdk.out/Search.template.json' };
    const prod = { ...OPEN_INGRESS, file: 'envs/prod/cdk.out/Search.template.json' };
    const fingerprints = (findings: any[]) => run(toSarifReport({ ...CLEAN, result: result(findings) })).results
      .map((r: any) => r.partialFingerprints['searchGuardrailsFinding/v2']);
    const [a, b] = fingerprints([dev, prod]);
    expect(a).not.toBe(b);
    expect(fingerprints([dev])).toEqual([a]);
    expect(fingerprints([{ ...dev, ruleId: RuleId.PUBLIC_ALLOWLIST }])[0]).not.toBe(a);
    expect(fingerprints([{ ...dev, resource: 'OtherSg' }])[0]).not.toBe(a);
  });

  test('a finding from cdk.out carries its construct path as a logical location', () => {
    const first = run(toSarifReport(MIXED)).results.find((r: any) => r.ruleId === 'public-ingress');
    expect(first.locations[0].logicalLocations).toContainEqual(expect.objectContaining({ fullyQualifiedName: OPEN_INGRESS.constructPath }));
  });

  test('a file name with a space is percent-encoded and a finding without a line has no region', () => {
    const warning = run(toSarifReport(MIXED)).results.find((r: any) => r.ruleId === 'public-allowlist');
    expect(warning.level).toBe('warning');
    expect(warning.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'plans/prod%20plan.json', uriBaseId: '%SRCROOT%' } });
  });

  test('an absolute path becomes a file URI and a finding without a file keeps only its logical location', () => {
    const log: any = toSarifReport({
      ...CLEAN,
      result: result([{ ...OPEN_INGRESS, file: '/tmp/x/t.json', line: undefined }, { ...OPEN_INGRESS, resource: 'Other', file: undefined }]),
    });
    const withFile = run(log).results.find((r: any) => r.locations[0].logicalLocations[0].name === OPEN_INGRESS.resource);
    const withoutFile = run(log).results.find((r: any) => r.locations[0].logicalLocations[0].name === 'Other');
    expect(withFile.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///tmp/x/t.json' });
    expect(withoutFile.locations[0].physicalLocation).toBeUndefined();
    expect(withoutFile.locations[0].logicalLocations[0].name).toBe('Other');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  test('an acknowledged finding is a result with an accepted suppression carrying the reason', () => {
    const acknowledged = run(toSarifReport(MIXED)).results.find((r: any) => r.ruleId === 'unverifiable-network');
    expect(acknowledged.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'The variable is validated by the platform team module' }]);
    const open = run(toSarifReport(MIXED)).results.filter((r: any) => !r.suppressions);
    expect(open.map((r: any) => r.ruleId).sort()).toEqual(['public-allowlist', 'public-ingress']);
  });

  test('an input that could not be read marks the run unsuccessful with an error notification naming the file', () => {
    const invocation = run(toSarifReport(MIXED)).invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0].level).toBe('error');
    expect(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe('broken/template.yaml');
    expect(run(toSarifReport(CLEAN)).invocations[0].executionSuccessful).toBe(true);
  });

  test('the source root is recorded as an original URI base id with a trailing slash', () => {
    expect(run(toSarifReport(MIXED, { sourceRootUri: 'file:///home/ci/repo' })).originalUriBaseIds)
      .toEqual({ '%SRCROOT%': { uri: 'file:///home/ci/repo/' } });
  });
});
