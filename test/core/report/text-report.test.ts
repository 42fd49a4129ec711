import { CLEAN, MIXED, OPEN_INGRESS } from './report-fixtures';
import { renderTextReport } from '../../../src/core/report';

describe('text report', () => {
  test('findings are grouped under their file and resource with line, stack and construct path', () => {
    const text = renderTextReport(MIXED);
    const lines = text.split('\n');
    const fileLine = lines.indexOf('cdk.out/Search.template.json');
    expect(fileLine).toBeGreaterThanOrEqual(0);
    expect(lines[fileLine + 1]).toBe('  SearchSg1A2B3C (AWS::EC2::SecurityGroup)  line 12, stack Search, Search/Sg/Resource');
    expect(lines[fileLine + 2]).toBe(`    error    ${OPEN_INGRESS.message}`);
    expect(text).toContain('plans/prod plan.json\n  module.search.azurerm_network_security_rule.office (azurerm_network_security_rule)\n    warning  public-allowlist:');
  });

  test('acknowledged findings show their reason, and every acknowledgement given is listed', () => {
    const text = renderTextReport(MIXED);
    expect(text).toContain('acknowledged  unverifiable-network: source ${var.allowed}');
    expect(text).toContain('(acknowledged: The variable is validated by the platform team module)');
    expect(text).toContain('Acknowledgements\n  unverifiable-network on resource azurerm_network_security_group.es: The variable is validated by the platform team module [acks.yaml]\n  audit-logging-disabled on construct Search/Domain: Logs ship through the sidecar instead\n');
  });

  test('unread inputs are listed and the last line is the summary', () => {
    const lines = renderTextReport(MIXED).trimEnd().split('\n');
    expect(lines).toContain('  input error  broken/template.yaml: invalid YAML at line 3: bad indentation. Fix the syntax.');
    expect(lines[lines.length - 1]).toBe('4 files scanned, 3 resources checked: 1 error, 1 warning, 1 acknowledged, 1 input not read.');
  });

  test('a clean scan says so', () => {
    expect(renderTextReport(CLEAN)).toBe('No findings.\n\n1 file scanned, 1 resource checked: 0 errors, 0 warnings, 0 acknowledged.\n');
  });

  test('a scan without findings but with an unread input opens with that input and never with "No findings."', () => {
    const text = renderTextReport({ ...CLEAN, inputProblems: [{ file: 'plan.json', message: 'is not valid JSON (Unexpected token). Fix the syntax.' }] });
    expect(text.startsWith('Inputs that could not be read\n  input error  plan.json: is not valid JSON')).toBe(true);
    expect(text).not.toContain('No findings.');
    expect(text).toContain('No findings in what could be read, but 1 input could not be read: the scan is not clean.');
  });

  test('unread inputs come before the findings', () => {
    const text = renderTextReport(MIXED);
    expect(text.indexOf('Inputs that could not be read')).toBe(0);
    expect(text.indexOf('cdk.out/Search.template.json')).toBeGreaterThan(0);
  });

  test('colour codes appear only when asked for', () => {
    expect(renderTextReport(MIXED)).not.toContain('\u001b[');
    const coloured = renderTextReport(MIXED, { color: true });
    expect(coloured).toContain('\u001b[31merror  \u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
  });
});
