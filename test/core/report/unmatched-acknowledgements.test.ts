import { CLEAN, UNUSED_ACKNOWLEDGEMENT, result } from './report-fixtures';
import { sarifSchemaErrors } from './sarif-schema';
import { evaluate } from '../../../src/core/engine';
import { renderMarkdownReport, renderTextReport, toJsonReport, toSarifReport } from '../../../src/core/report';
import { securityGroup } from '../model-builders';

describe('acknowledgements that matched nothing', () => {
  const input = { ...CLEAN, result: { ...result([], [], [UNUSED_ACKNOWLEDGEMENT]), unmatchedAcknowledgements: [UNUSED_ACKNOWLEDGEMENT] } };

  test('the text report warns about each one, naming its rule and scope', () => {
    expect(renderTextReport(input)).toContain(
      'Acknowledgements that matched nothing\n  warning  audit-logging-disabled on construct Search/Domain: Logs ship through the sidecar instead: no finding in its scope; remove it or correct its scope');
  });

  test('the JSON report lists each one in the summary', () => {
    expect(toJsonReport(input).summary.unmatchedAcknowledgements).toEqual([expect.objectContaining({
      ruleId: 'audit-logging-disabled', constructPath: 'Search/Domain', reason: 'Logs ship through the sidecar instead',
    })]);
  });

  test('the Markdown report lists it, and SARIF has a warning notification naming it', () => {
    expect(renderMarkdownReport(input)).toContain('#### Acknowledgements that matched no finding\n\n- `audit-logging-disabled` on Search/Domain: Logs ship through the sidecar instead');
    const sarif: any = toSarifReport(input);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([expect.objectContaining({
      level: 'warning', message: { text: expect.stringMatching(/^Acknowledgement of audit-logging-disabled for Search\/Domain matched no finding/) },
    })]);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  test('a report without one has no such section and an empty list', () => {
    expect(renderTextReport(CLEAN)).not.toContain('matched nothing');
    expect(toJsonReport(CLEAN).summary.unmatchedAcknowledgements).toEqual([]);
  });

  test('the engine lists the valid acknowledgements that cover no finding, and only those', () => {
    const model = { clusters: [], firewalls: [securityGroup('Office', [{ ports: '9200', sources: ['8.8.8.8/32'] }], { constructPath: 'App/Search/Office/Resource' })] };
    const used = { ruleId: 'public-allowlist', reason: 'the office NAT address, reviewed', scope: { constructPath: 'App/Search' } };
    const elsewhere = { ruleId: 'public-allowlist', reason: 'the office NAT address, reviewed', scope: { constructPath: 'App/Other' } };
    const otherRule = { ruleId: 'audit-logging-disabled', reason: 'logs ship through the sidecar', scope: { constructPath: 'App/Search' } };
    const evaluated = evaluate(model, { acknowledgements: [used, elsewhere, otherRule] });
    expect(evaluated.unmatchedAcknowledgements).toEqual([elsewhere, otherRule]);
    expect(renderTextReport({ ...CLEAN, result: evaluated })).toContain('warning  public-allowlist on construct App/Other');
  });
});
