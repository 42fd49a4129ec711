/**
 * `--format junit`: one test suite per file, one test case per resource checked. A resource with error
 * findings (under every `failOn`, `never` included; warnings too under `failOn: 'warning'`) fails with
 * ONE `<failure>` element that lists
 * every failing finding: GitLab and Jenkins read a single failure per test case. Other findings and
 * acknowledgements go to `<system-out>`. Inputs that could not be read are test cases with `<error>`.
 */
import { compareText, locationKey, ReportInput, sortFindings, TOOL_NAME } from './report-input';
import { Finding, Severity } from '../findings/finding';
import type { ResourceLocation } from '../model/model';

interface TestCase {
  readonly location: ResourceLocation;
  readonly failing: Finding[];
  readonly other: Finding[];
}

/** The JUnit XML report. */
export function renderJunitReport(input: ReportInput): string {
  const cases = new Map<string, TestCase>();
  const caseFor = (location: ResourceLocation): TestCase => {
    const key = locationKey(location);
    let testCase = cases.get(key);
    if (!testCase) {
      testCase = { location, failing: [], other: [] };
      cases.set(key, testCase);
    }
    return testCase;
  };
  for (const location of input.resourcesChecked) {
    caseFor(location);
  }
  // Errors are failed test cases whatever `failOn` says: `--fail-on never` decides the exit code, and a
  // merge request must still show the exposure as a failure, not as a passed test.
  const failsAt = (f: Finding) => f.severity === Severity.ERROR || input.failOn === 'warning';
  for (const finding of sortFindings(input.result.findings)) {
    const testCase = caseFor(finding);
    (failsAt(finding) ? testCase.failing : testCase.other).push(finding);
  }
  for (const finding of sortFindings(input.result.acknowledged)) {
    caseFor(finding).other.push(finding);
  }

  const suites = new Map<string, TestCase[]>();
  for (const testCase of cases.values()) {
    const name = testCase.location.file ?? testCase.location.stack ?? '(no file)';
    suites.set(name, [...(suites.get(name) ?? []), testCase]);
  }

  const body: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [name, suiteCases] of [...suites.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    suiteCases.sort((a, b) => compareText(a.location.resource, b.location.resource));
    const suiteFailures = suiteCases.filter(c => c.failing.length > 0).length;
    tests += suiteCases.length;
    failures += suiteFailures;
    body.push(`  <testsuite name="${xml(name)}" tests="${suiteCases.length}" failures="${suiteFailures}" errors="0" skipped="0">`);
    for (const testCase of suiteCases) {
      body.push(...renderTestCase(name, testCase));
    }
    body.push('  </testsuite>');
  }

  const problems = input.inputProblems ?? [];
  if (problems.length > 0) {
    tests += problems.length;
    body.push(`  <testsuite name="inputs" tests="${problems.length}" failures="0" errors="${problems.length}" skipped="0">`);
    for (const problem of problems) {
      body.push(`    <testcase classname="inputs" name="${xml(problem.file)}" file="${xml(problem.file)}">`);
      body.push(`      <error type="input-error" message="${xml(problem.message)}">${xml(`${problem.file}: ${problem.message}`)}</error>`);
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL_NAME}" tests="${tests}" failures="${failures}" errors="${problems.length}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function renderTestCase(suite: string, testCase: TestCase): string[] {
  const { location } = testCase;
  const fileAttribute = location.file !== undefined ? ` file="${xml(location.file)}"` : '';
  const lineAttribute = location.line !== undefined ? ` line="${location.line}"` : '';
  const lines = [`    <testcase classname="${xml(suite)}" name="${xml(`${location.resource} (${location.resourceType})`)}"${fileAttribute}${lineAttribute}>`];
  if (testCase.failing.length > 0) {
    const first = testCase.failing[0];
    const message = testCase.failing.length === 1 ? first.message : `${testCase.failing.length} findings: ${testCase.failing.map(f => f.ruleId).join(', ')}`;
    const text = testCase.failing.map(f => `${f.severity} ${f.message}${where(f)}`).join('\n');
    lines.push(`      <failure type="${xml(first.ruleId)}" message="${xml(message)}">${xml(text)}</failure>`);
  }
  if (testCase.other.length > 0) {
    const text = testCase.other.map(f => f.acknowledged
      ? `acknowledged ${f.message} (reason: ${f.acknowledgementReason ?? 'none given'})`
      : `${f.severity} ${f.message}`).join('\n');
    lines.push(`      <system-out>${xml(text)}</system-out>`);
  }
  lines.push('    </testcase>');
  return lines;
}

function where(f: Finding): string {
  const parts = [
    f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : undefined,
    f.constructPath,
  ].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
