/**
 * The docs link to files that exist in the repository, never to a path outside it, and the SARIF
 * rules' help links point at a document that is in the repository (and in the package).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { toSarifReport } from '../../src/core/report';

const ROOT = join(__dirname, '..', '..');
const DOCS = [
  'README.md', 'CONTRIBUTING.md', 'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`),
];

/** `[text](target)` links outside code spans and fences, with their line. */
function links(file: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let fenced = false;
  readFileSync(join(ROOT, file), 'utf8').split('\n').forEach((text, i) => {
    if (/^\s*```/.test(text)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      return;
    }
    for (const match of text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      out.push({ target: match[1], line: i + 1 });
    }
  });
  return out;
}

describe('documentation links', () => {
  test.each(DOCS)('every relative link in %s names a file of the repository that exists', (file) => {
    const broken = links(file)
      .filter(l => !/^(https?:|mailto:|#)/.test(l.target))
      .filter(l => {
        const target = resolve(ROOT, dirname(file), decodeURIComponent(l.target.split('#')[0]));
        return relative(ROOT, target).startsWith('..') || !existsSync(target);
      })
      .map(l => `${file}:${l.line} ${l.target}`);
    expect(broken).toEqual([]);
  });

  test('no doc points at the shared spec outside the repository; the contract is docs/exposure.md', () => {
    const outside = DOCS.filter(file => /shared\/spec|\/work\//.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(outside).toEqual([]);
    expect(readFileSync(join(ROOT, 'docs', 'exposure.md'), 'utf8')).toMatch(/^# What "exposed" means/);
  });

  test('every SARIF rule help link points at docs/rules.md, which has a heading for that rule', () => {
    const empty = { findings: [], acknowledged: [], acknowledgements: [], rejectedAcknowledgements: [] };
    const log: any = toSarifReport({ result: empty, filesScanned: [], resourcesChecked: [] });
    const rulesDoc = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
    for (const rule of log.runs[0].tool.driver.rules) {
      expect(rule.helpUri).toMatch(new RegExp(`/blob/main/docs/rules\\.md#${rule.id}$`));
      expect(rulesDoc).toMatch(new RegExp(`^#+ .*\`?${rule.id}\`?`, 'm'));
    }
  });
});
