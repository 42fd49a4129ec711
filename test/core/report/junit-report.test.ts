import { DOMParser } from '@xmldom/xmldom';
import { ALLOWLIST, CLEAN, MIXED, OPEN_INGRESS, result } from './report-fixtures';
import { renderJunitReport } from '../../../src/core/report';
import { xml } from '../../../src/core/report/junit-report';

/** Parses strictly: malformed XML throws. */
function parse(text: string): Document {
  return new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } })
    .parseFromString(text, 'text/xml') as unknown as Document;
}

const testCases = (doc: Document) => Array.from(doc.getElementsByTagName('testcase'));

describe('JUnit report', () => {
  test('every resource checked is one test case, grouped in a suite per file', () => {
    const doc = parse(renderJunitReport(MIXED));
    const names = testCases(doc).map(c => `${c.getAttribute('classname')} :: ${c.getAttribute('name')}`);
    expect(names).toEqual([
      'cdk.out/Search.template.json :: SearchDomain (AWS::OpenSearchService::Domain)',
      'cdk.out/Search.template.json :: SearchSg1A2B3C (AWS::EC2::SecurityGroup)',
      'infra/main.tf :: azurerm_network_security_group.es (azurerm_network_security_group)',
      'plans/prod plan.json :: module.search.azurerm_network_security_rule.office (azurerm_network_security_rule)',
      'inputs :: broken/template.yaml',
    ]);
  });

  test('a resource with an error finding fails with the rule id and message; warnings and acknowledgements do not fail', () => {
    const doc = parse(renderJunitReport(MIXED));
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures).toHaveLength(1);
    expect(failures[0].getAttribute('type')).toBe('public-ingress');
    expect(failures[0].getAttribute('message')).toBe(OPEN_INGRESS.message);
    expect(failures[0].textContent).toContain('[cdk.out/Search.template.json:12, Search/Sg/Resource]');
    const root = doc.documentElement;
    expect([root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('errors')]).toEqual(['5', '1', '1']);
    const outputs = Array.from(doc.getElementsByTagName('system-out')).map(o => o.textContent);
    expect(outputs).toEqual(expect.arrayContaining([
      expect.stringContaining('warning public-allowlist:'),
      expect.stringContaining('(reason: The variable is validated by the platform team module)'),
    ]));
  });

  test('two error findings on one resource make one failure that lists both', () => {
    const second = { ...OPEN_INGRESS, ruleId: 'unverifiable-network' as any, message: 'unverifiable-network: x - y. z.' };
    const doc = parse(renderJunitReport({ ...CLEAN, result: result([OPEN_INGRESS, second]) }));
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures).toHaveLength(1);
    expect(failures[0].getAttribute('message')).toBe('2 findings: public-ingress, unverifiable-network');
    expect(failures[0].textContent!.split('\n')).toHaveLength(2);
  });

  test('warnings fail their test case at fail-on warning', () => {
    const doc = parse(renderJunitReport({ ...CLEAN, result: result([ALLOWLIST]), failOn: 'warning' }));
    expect(Array.from(doc.getElementsByTagName('failure')).map(f => f.getAttribute('type'))).toEqual(['public-allowlist']);
  });

  test('at fail-on never an error finding is still a failed test case with its message, and a warning still passes', () => {
    const doc = parse(renderJunitReport({ ...CLEAN, resourcesChecked: [], result: result([OPEN_INGRESS, ALLOWLIST]), failOn: 'never' }));
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures.map(f => f.getAttribute('type'))).toEqual(['public-ingress']);
    expect(failures[0].textContent).toContain(OPEN_INGRESS.message);
    expect(doc.documentElement.getAttribute('failures')).toBe('1');
    const allowlistCase = testCases(doc).find(c => c.getAttribute('name')!.startsWith(ALLOWLIST.resource))!;
    expect(allowlistCase.getElementsByTagName('failure')).toHaveLength(0);
    expect(allowlistCase.getElementsByTagName('system-out')[0].textContent).toContain('warning public-allowlist:');
  });

  test('an unread input is a test case with an error naming the file', () => {
    const doc = parse(renderJunitReport(MIXED));
    const errors = Array.from(doc.getElementsByTagName('error'));
    expect(errors.map(e => e.textContent)).toEqual(['broken/template.yaml: invalid YAML at line 3: bad indentation. Fix the syntax.']);
  });

  test('quotes, angle brackets and control characters in messages still give well-formed XML', () => {
    const nasty = { ...OPEN_INGRESS, message: 'public-ingress: "a" <b> & \'c\' \u0001 ]]> - x. y.' };
    const doc = parse(renderJunitReport({ ...CLEAN, result: result([nasty]) }));
    expect(doc.getElementsByTagName('failure')[0].getAttribute('message')).toBe('public-ingress: "a" <b> & \'c\'  ]]> - x. y.');
    expect(xml('<&>')).toBe('&lt;&amp;&gt;');
  });

  test('a clean scan has passing test cases only', () => {
    const doc = parse(renderJunitReport(CLEAN));
    expect(testCases(doc)).toHaveLength(1);
    expect(doc.getElementsByTagName('failure')).toHaveLength(0);
  });
});
