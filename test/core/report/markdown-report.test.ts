import { CLEAN, MIXED, OPEN_INGRESS, result } from './report-fixtures';
import { mermaidExposureDiagram, mermaidLabel, renderMarkdownReport } from '../../../src/core/report';
import { cell, MARKDOWN_MAX_CHARACTERS, MARKDOWN_MAX_DIAGRAMS } from '../../../src/core/report/markdown-report';

describe('Markdown report', () => {
  test('a failing scan has a heading with a cross, the summary and one table row per finding', () => {
    const md = renderMarkdownReport(MIXED);
    expect(md.startsWith('### :x: search-guardrails\n')).toBe(true);
    expect(md).toContain('| Severity | Rule | Resource | Location | Message |');
    expect(md).toContain('| :red_circle: error | `public-ingress` | SearchSg1A2B3C | cdk.out/Search.template.json:12 | public-ingress: tcp 9200 from 0.0.0.0/0');
    expect(md).toContain('| :warning: warning | `public-allowlist` | module.search.azurerm\\_network\\_security\\_rule.office |');
  });

  test('HTML and pipes from input cannot break the table', () => {
    const md = renderMarkdownReport(MIXED);
    const row = md.split('\n').find(l => l.includes('`public-allowlist`'))!;
    expect(row).toContain('&lt;b&gt;\\|pipe\\|&lt;/b&gt;');
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });

  test('each network finding gets a Mermaid flowchart from the source through the rule to the cluster port', () => {
    const md = renderMarkdownReport(MIXED);
    const diagrams = md.split('```mermaid\n').slice(1).map(d => d.split('\n```')[0]);
    expect(diagrams).toHaveLength(2);
    expect(diagrams[0]).toBe([
      'flowchart LR',
      '  s0(["0.0.0.0/0"])',
      '  r0["SearchSg1A2B3C ingress tcp 9200"]',
      '  p0[("TCP 9200")]',
      '  s0 --> r0',
      '  r0 --> p0',
      '  p1[("TCP 9300")]',
      '  r0 --> p1',
      '  classDef internet fill:#fdd,stroke:#c00',
      '  classDef cluster fill:#ffd,stroke:#a80',
      '  class s0 internet',
      '  class p0,p1 cluster',
    ].join('\n'));
  });

  test('labels with quotes, backticks, hashes and angle brackets are entity-escaped', () => {
    const diagram = renderMarkdownReport(MIXED).split('```mermaid\n')[2];
    expect(diagram).toContain('s0(["198.51.99.0/30 #quot;office#quot; #96;x#96; #lt;b#gt;#35;1#lt;/b#gt;"])');
    expect(diagram).toContain('r0["nsg / office | #quot;allow#quot;"]');
    expect(diagram).toContain('p0[("TCP 9200 on vm[0]")]');
    expect(mermaidLabel('#quot;')).toBe('#35;quot;');
    expect(mermaidLabel('a\nb')).toBe('a b');
  });

  test('acknowledged findings, unused acknowledgements and unread inputs have their own sections', () => {
    const md = renderMarkdownReport(MIXED);
    expect(md).toContain('#### Acknowledged\n\n| Rule | Resource | Location | Reason |');
    expect(md).toContain('| `unverifiable-network` | azurerm\\_network\\_security\\_group.es | infra/main.tf:5 | The variable is validated by the platform team module |');
    expect(md).toContain('#### Acknowledgements that matched no finding\n\n- `audit-logging-disabled` on Search/Domain: Logs ship through the sidecar instead');
    expect(md).toContain('#### Inputs that could not be read\n\n- broken/template.yaml: invalid YAML');
  });

  test('a clean scan has a check mark and no table', () => {
    const md = renderMarkdownReport(CLEAN);
    expect(md.startsWith('### :white_check_mark: search-guardrails')).toBe(true);
    expect(md).not.toContain('| Severity |');
  });

  test('diagrams are capped so that a pull-request comment stays small', () => {
    const many = Array.from({ length: MARKDOWN_MAX_DIAGRAMS + 5 }, (_, i) => ({ ...OPEN_INGRESS, resource: `Sg${i}` }));
    const md = renderMarkdownReport({ ...CLEAN, result: result(many) });
    expect(md.split('```mermaid').length - 1).toBe(MARKDOWN_MAX_DIAGRAMS);
    expect(md).toContain('_Not shown: 5 exposure diagrams (this comment stays under GitHub\'s 65,536-character limit and shows at most 20 diagrams).');
  });

  test('a report of many findings with long messages stays under 65,536 characters and says how many rows it left out', () => {
    const long = 'x'.repeat(900);
    const many = Array.from({ length: 500 }, (_, i) => ({ ...OPEN_INGRESS, resource: `Sg${String(i).padStart(3, '0')}`, message: `public-ingress: ${long}` }));
    const md = renderMarkdownReport({ ...MIXED, result: result(many) });
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARACTERS);
    const rows = md.split('\n').filter(l => l.startsWith('| :red_circle: error |')).length;
    expect(rows).toBeGreaterThan(50);
    expect(rows).toBeLessThan(500);
    expect(md).toContain(`_Not shown: ${500 - rows} findings, `);
    expect(md.trimEnd().endsWith('Run the scan with `--format text` or `--format sarif` to see everything._')).toBe(true);
  });

  test('the character cap holds at any budget, and unread inputs come before the findings so they are never the part cut', () => {
    for (const maxCharacters of [1_000, 2_500, 10_000]) {
      const many = Array.from({ length: 100 }, (_, i) => ({ ...OPEN_INGRESS, resource: `Sg${i}` }));
      const md = renderMarkdownReport({ ...MIXED, result: result(many) }, { maxCharacters });
      expect(md.length).toBeLessThanOrEqual(maxCharacters);
      expect(md).toContain('#### Inputs that could not be read\n\n- broken/template.yaml');
      expect(md.indexOf('#### Inputs that could not be read')).toBeLessThan(md.indexOf('| Severity |') === -1 ? Infinity : md.indexOf('| Severity |'));
      expect(md).toMatch(/_Not shown: \d+ findings/);
    }
  });

  test('a report that fits says nothing about leaving anything out', () => {
    expect(renderMarkdownReport(MIXED)).not.toContain('Not shown');
  });

  test('each diagram heading names the file and line of the finding', () => {
    const md = renderMarkdownReport(MIXED);
    expect(md).toContain('**`public-ingress`** on SearchSg1A2B3C in cdk.out/Search.template.json:12\n\n```mermaid');
    expect(md).toContain('**`public-allowlist`** on module.search.azurerm\\_network\\_security\\_rule.office in plans/prod plan.json\n\n```mermaid');
  });

  test('steps that share a source and rule share nodes', () => {
    const d = mermaidExposureDiagram([
      { source: 'Internet', rule: 'allow', port: 9200 },
      { source: 'Internet', rule: 'allow', port: 9200 },
    ]);
    expect(d.match(/-->/g)).toHaveLength(2);
  });
});
