/**
 * The shape of a rule: metadata from the catalogue and a pure function from the model (and the
 * shared exposure analysis) to findings.
 */
import { ExposureAnalysis } from '../exposure/analyze';
import { ExposureStep, PathHop, RuleId } from '../findings/finding';
import { InfrastructureModel, ResourceLocation } from '../model/model';

/** What a rule sees. */
export interface RuleContext {
  readonly model: InfrastructureModel;
  /** Computed once per evaluation and shared by the network rules. */
  readonly exposure: ExposureAnalysis;
}

/** A finding before the engine adds severity and acknowledgements. */
export interface FindingDraft {
  readonly location: ResourceLocation;
  /** The full message, `<rule-id>: <what> - <why>. <fix>.` (build it with `formatMessage`). */
  readonly message: string;
  readonly exposurePaths?: ExposureStep[];
  /** The hops from the entry point to the cluster port; derived from `exposurePaths` when unset. */
  readonly path?: PathHop[];
}

/** A rule of the catalogue. */
export interface Rule {
  readonly id: RuleId;
  evaluate(context: RuleContext): FindingDraft[];
}

/** Builds a message in the house format: `<rule-id>: <what> - <why>. <fix>.` */
export function formatMessage(id: RuleId, what: string, why: string, fix: string): string {
  const trim = (s: string) => s.trim().replace(/[.\s]+$/, '');
  return `${id}: ${trim(what)} - ${trim(why)}. ${trim(fix)}.`;
}

const PORT_NAMES: Record<number, string> = {
  80: 'HTTP',
  443: 'HTTPS',
  5601: 'Kibana/Dashboards',
  9200: 'Elasticsearch HTTP',
  9300: 'Elasticsearch transport',
};

/** `9200 (Elasticsearch HTTP), 9300 (Elasticsearch transport)` */
export function describePorts(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const words = sorted.map(p => (PORT_NAMES[p] ? `${p} (${PORT_NAMES[p]})` : `${p}`));
  return `${sorted.length === 1 ? 'port' : 'ports'} ${words.join(', ')}`;
}

/** `SecurityGroup Sg1 (Stack/Path/Sg1)`-style name of a resource for messages. */
export function describeResource(location: ResourceLocation): string {
  return location.constructPath ? `${location.resource} (${location.constructPath})` : location.resource;
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}

/** A key that identifies a resource across stacks and files. */
export function locationKey(location: ResourceLocation): string {
  return `${location.stack ?? ''}\u0000${location.file ?? ''}\u0000${location.resource}`;
}
