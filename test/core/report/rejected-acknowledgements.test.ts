import { WITH_REJECTED } from './report-fixtures';
import { sarifSchemaErrors } from './sarif-schema';
import { renderMarkdownReport, renderTextReport, toJsonReport, toSarifReport } from '../../../src/core/report';

describe('acknowledgements that were not applied', () => {
  test('every report names the rule, where it was recorded and why it was not applied', () => {
    expect(renderTextReport(WITH_REJECTED)).toContain(
      'Acknowledgements not applied\n  not applied  public-ingress on construct Search/Sg: we need it open [Validations.of(Search/Sg).acknowledge]: public-ingress cannot be acknowledged');
    expect(toJsonReport(WITH_REJECTED).summary.rejectedAcknowledgements).toEqual([expect.objectContaining({
      ruleId: 'public-ingress', constructPath: 'Search/Sg', problem: 'public-ingress cannot be acknowledged',
    })]);
    expect(renderMarkdownReport(WITH_REJECTED)).toContain('#### Acknowledgements not applied\n\n- `public-ingress` (Validations.of(Search/Sg).acknowledge): public-ingress cannot be acknowledged');
    const sarif: any = toSarifReport(WITH_REJECTED);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });
});
