/**
 * Mermaid `flowchart LR` diagrams of exposure paths: the whole path of a finding (internet -> entry point
 * -> forward -> filters -> node port, branching at the forward for each target), or source -> rule ->
 * cluster port for a rule judged on its own.
 * Node ids are generated (`s0`, `r0`, `p0`), never taken from input; labels are quoted and every
 * character Mermaid or Markdown could read as syntax is an entity code.
 * https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
import { ExposureStep, Finding, PathHop, PathHopKind } from '../findings/finding';

/** The diagram of a finding: its whole path when it has an entry point, else its exposure steps. */
export function mermaidFindingDiagram(finding: Finding): string {
  const path = finding.path ?? [];
  if (path.some(h => h.kind === PathHopKind.ENTRY_POINT)) return mermaidPathDiagram(path);
  return mermaidExposureDiagram(finding.exposurePaths ?? []);
}

/** Whether a finding has a diagram. */
export function hasExposureDiagram(finding: Finding): boolean {
  return (finding.exposurePaths ?? []).length > 0 || (finding.path ?? []).some(h => h.kind === PathHopKind.ENTRY_POINT);
}

/**
 * One diagram of the hops of a path (`Finding.path`): each hop a node, in order; a filter that follows
 * a node starts the next target's branch at the last forward. Equal hops share a node.
 */
export function mermaidPathDiagram(hops: readonly PathHop[]): string {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const classes = { internet: [] as string[], cluster: [] as string[] };
  const nodeOf = (hop: PathHop): string => {
    const label = hopLabel(hop);
    const key = `${hop.kind}\u0000${label}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = `h${ids.size}`;
      ids.set(key, id);
      lines.push(`  ${id}${hopShape(hop.kind, mermaidLabel(label))}`);
      if (hop.kind === PathHopKind.SOURCE) classes.internet.push(id);
      if (hop.kind === PathHopKind.NODE) classes.cluster.push(id);
    }
    return id;
  };
  const edges = new Set<string>();
  let previous: PathHop | undefined;
  let previousId: string | undefined;
  let branchRoot: string | undefined;
  for (const hop of hops) {
    const id = nodeOf(hop);
    const from = previous?.kind === PathHopKind.NODE ? branchRoot : previousId;
    if (from !== undefined && from !== id) {
      const edge = `${from} --> ${id}`;
      if (!edges.has(edge)) {
        edges.add(edge);
        lines.push(`  ${edge}`);
      }
    }
    if (hop.kind === PathHopKind.FORWARD) branchRoot = id;
    previous = hop;
    previousId = id;
  }
  lines.push('  classDef internet fill:#fdd,stroke:#c00');
  lines.push('  classDef cluster fill:#ffd,stroke:#a80');
  if (classes.internet.length > 0) lines.push(`  class ${classes.internet.join(',')} internet`);
  if (classes.cluster.length > 0) lines.push(`  class ${classes.cluster.join(',')} cluster`);
  return lines.join('\n');
}

function hopLabel(hop: PathHop): string {
  switch (hop.kind) {
    case PathHopKind.SOURCE: return hop.detail ? `${hop.name}: ${hop.detail}` : hop.name;
    case PathHopKind.FORWARD: return hop.detail ? `${hop.name} (${hop.detail})` : hop.name;
    case PathHopKind.FILTER: return hop.detail ? `${hop.name} ${hop.detail}` : hop.name;
    case PathHopKind.NODE: return `${hop.port !== undefined ? `TCP ${hop.port} on ` : ''}${hop.name}${hop.detail ? ` (${hop.detail})` : ''}`;
    default: return hop.name;
  }
}

function hopShape(kind: PathHopKind, label: string): string {
  switch (kind) {
    case PathHopKind.SOURCE: return `(["${label}"])`;
    case PathHopKind.NODE: return `[("${label}")]`;
    case PathHopKind.ENTRY_POINT: return `[/"${label}"/]`;
    default: return `["${label}"]`;
  }
}

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
