import { CLEAN, MIXED, OPEN_INGRESS, result } from './report-fixtures';
import { mermaidExposureDiagram, mermaidLabel, renderMarkdownReport } from '../../../src/core/report';
import { cell, MARKDOWN_MAX_DIAGRAMS } from '../../../src/core/report/markdown-report';

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
    expect(md).toContain('_5 more exposure diagrams are not shown._');
  });

  test('steps that share a source and rule share nodes', () => {
    const d = mermaidExposureDiagram([
      { source: 'Internet', rule: 'allow', port: 9200 },
      { source: 'Internet', rule: 'allow', port: 9200 },
    ]);
    expect(d.match(/-->/g)).toHaveLength(2);
  });
});
