/**
 * Mermaid `flowchart LR` diagrams of exposure paths: source -> rule -> cluster port.
 * Node ids are generated (`s0`, `r0`, `p0`), never taken from input; labels are quoted and every
 * character Mermaid or Markdown could read as syntax is an entity code.
 * https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
import { ExposureStep } from '../findings/finding';

/** One diagram for all steps of a finding; equal sources, rules and ports share a node. */
export function mermaidExposureDiagram(steps: readonly ExposureStep[]): string {
  const nodes = new Map<string, string>();
  const counts = new Map<string, number>();
  const lines = ['flowchart LR'];
  const node = (prefix: string, label: string): string => {
    const key = `${prefix}\u0000${label}`;
    let id = nodes.get(key);
    if (id === undefined) {
      const n = counts.get(prefix) ?? 0;
      counts.set(prefix, n + 1);
      id = `${prefix}${n}`;
      nodes.set(key, id);
      lines.push(`  ${id}${shape(prefix, mermaidLabel(label))}`);
    }
    return id;
  };
  const edges = new Set<string>();
  for (const step of steps) {
    const source = node('s', step.source);
    const rule = node('r', step.rule);
    const port = node('p', step.cluster !== undefined ? `TCP ${step.port} on ${step.cluster}` : `TCP ${step.port}`);
    for (const edge of [`${source} --> ${rule}`, `${rule} --> ${port}`]) {
      if (!edges.has(edge)) {
        edges.add(edge);
        lines.push(`  ${edge}`);
      }
    }
  }
  const sources = [...nodes.values()].filter(id => id.startsWith('s'));
  const ports = [...nodes.values()].filter(id => id.startsWith('p'));
  lines.push('  classDef internet fill:#fdd,stroke:#c00');
  lines.push('  classDef cluster fill:#ffd,stroke:#a80');
  if (sources.length > 0) {
    lines.push(`  class ${sources.join(',')} internet`);
  }
  if (ports.length > 0) {
    lines.push(`  class ${ports.join(',')} cluster`);
  }
  return lines.join('\n');
}

function shape(prefix: string, label: string): string {
  switch (prefix) {
    case 's': return `(["${label}"])`;
    case 'p': return `[("${label}")]`;
    default: return `["${label}"]`;
  }
}

/**
 * A label safe inside `"..."`: `#` first (entity codes start with it), then quotes, angle brackets,
 * ampersands and backticks (a backtick could open a Markdown string or close the code fence); line
 * breaks become spaces.
 */
export function mermaidLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n]+/g, ' ');
}
