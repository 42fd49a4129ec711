/**
 * The CloudFormation templates of one translation, indexed once: resources by logical id, exports by name.
 * Framework-free (no aws-cdk-lib / constructs import): the scan CLI loads this without the CDK.
 */
import { createHash } from 'crypto';
import { resourceKey, ResourceLocation } from '../../core/model/model';


/** One CloudFormation template to translate, as read from `cdk.out` or a template file. */
export interface CloudFormationTemplateInput {
  /** The file the template was read from, shown in findings. */
  readonly file?: string;
  /** The stack name (`AWS::StackName`, findings' `stack`, acknowledgement scopes). */
  readonly stackName?: string;
  /** The template, in JSON long-form intrinsics (YAML short forms converted by the caller). */
  readonly template: any;
  /** 1-based line of each resource by logical id, when the caller knows it. */
  readonly lines?: Record<string, number>;
  /**
   * Construct path of each resource by logical id. Only needed when the template carries no
   * `aws:cdk:path` metadata (the CDK guard fills it from the construct tree).
   */
  readonly constructPaths?: Record<string, string>;
  /**
   * Construct path of a resource by logical id, asked only when a location's `constructPath` is read
   * (findings, messages, acknowledgement scopes): the CDK guard's lookup allocates the logical id of
   * every element of the stack, and an evaluation without findings reads no path. Used when neither
   * `aws:cdk:path` metadata nor `constructPaths` has the path.
   */
  readonly constructPathOf?: (logicalId: string) => string | undefined;
  /**
   * Set by a reader that parsed the template from JSON text in which no key `Fn::Transform` can be
   * (the CLI's `jsonTextCanHoldFnTransform`): the translator skips its walk of every value looking for one.
   * Unset: the values are walked.
   */
  readonly holdsNoFnTransform?: boolean;
}

/** One resource of one template. */
export interface TemplateResource {
  readonly templateIndex: number;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly raw: any;
  /** Its location, built when first asked for (`TemplateSet.location`). */
  location: ResourceLocation | undefined;
}

/** An export (`Outputs.*.Export.Name`) found in a template, with the value it exports. */
interface ExportEntry {
  readonly templateIndex: number;
  readonly value: any;
}

export class TemplateSet {
  public readonly inputs: readonly CloudFormationTemplateInput[];
  private readonly resourcesByTemplate: Map<string, TemplateResource>[];
  private readonly exports = new Map<string, ExportEntry>();
  private readonly logicalIdCounts = new Map<string, number>();
  private hashes?: Map<string, number>;
  /** Resources by type, in template order (built with the index: translators ask for one type at a time). */
  private readonly byType = new Map<string, TemplateResource[]>();

  constructor(inputs: readonly CloudFormationTemplateInput[]) {
    this.inputs = inputs;
    this.resourcesByTemplate = inputs.map((input, templateIndex) => {
      const resources = new Map<string, TemplateResource>();
      const raw = isObject(input.template) && isObject(input.template.Resources) ? input.template.Resources : {};
      for (const logicalId of Object.keys(raw)) {
        const resource = raw[logicalId];
        if (!isObject(resource) || typeof resource.Type !== 'string') continue;
        const properties = isObject(resource.Properties) ? resource.Properties : {};
        const entry: TemplateResource = { templateIndex, logicalId, type: resource.Type, properties, raw: resource, location: undefined };
        resources.set(logicalId, entry);
        const ofType = this.byType.get(entry.type);
        if (ofType) ofType.push(entry); else this.byType.set(entry.type, [entry]);
        this.logicalIdCounts.set(logicalId, (this.logicalIdCounts.get(logicalId) ?? 0) + 1);
      }
      return resources;
    });
  }

  /**
   * The input whose template hashes to `hash`: aws-cdk-lib ends a nested stack's `TemplateURL` with the
   * SHA-256 of the nested template's compact JSON (`NestedStack._prepareTemplateAsset`), the same text
   * `JSON.stringify` gives of the template read back from `cdk.out`.
   */
  public templateIndexWithHash(hash: string): number | undefined {
    this.hashes ??= new Map(this.inputs.map((input, index) => [createHash('sha256').update(JSON.stringify(input.template ?? null)).digest('hex'), index]));
    return this.hashes.get(hash);
  }

  /** Every resource of the given types, in template order. */
  public resourcesOfType(...types: string[]): TemplateResource[] {
    if (types.length === 0) return [];
    if (types.length === 1) return (this.byType.get(types[0]) ?? []).slice();
    return this.resourcesByTemplate.flatMap(resources => [...resources.values()].filter(r => types.includes(r.type)));
  }

  /** Every resource type the templates hold (each once, in the order first met). */
  public resourceTypes(): string[] {
    return [...this.byType.keys()];
  }

  public resource(templateIndex: number, logicalId: string): TemplateResource | undefined {
    return this.resourcesByTemplate[templateIndex]?.get(logicalId);
  }

  public template(templateIndex: number): any {
    const template = this.inputs[templateIndex]?.template;
    return isObject(template) ? template : {};
  }

  public stackName(templateIndex: number): string | undefined {
    return this.inputs[templateIndex]?.stackName;
  }

  /** Registers an export once its name is resolved (the resolver needs the set to resolve names). */
  public addExport(name: string, templateIndex: number, value: any): void {
    if (!this.exports.has(name)) this.exports.set(name, { templateIndex, value });
  }

  public exportNamed(name: string): ExportEntry | undefined {
    return this.exports.get(name);
  }

  /**
   * How a cluster names an attached group: its logical id, or, when another template has a resource
   * with the same logical id, the exact model id (`resourceKey` of its location: stack, file and
   * logical id), so that a reference resolves inside its own template and never across.
   */
  public modelId(resource: TemplateResource): string {
    if ((this.logicalIdCounts.get(resource.logicalId) ?? 0) <= 1) return resource.logicalId;
    return resourceKey(this.location(resource));
  }

  public location(resource: TemplateResource): ResourceLocation {
    // Asked for every rule of a group and again for the group: build each once (locations are read-only),
    // kept on the resource itself (a Map keyed by 10,000 objects costs more than their locations).
    return resource.location ??= this.buildLocation(resource);
  }

  private buildLocation(resource: TemplateResource): ResourceLocation {
    const input = this.inputs[resource.templateIndex];
    const metadataPath = isObject(resource.raw.Metadata) ? resource.raw.Metadata['aws:cdk:path'] : undefined;
    const constructPath = typeof metadataPath === 'string' ? metadataPath : ownValue(input.constructPaths, resource.logicalId);
    // Optional fields are set only when known (and in this order: reports print them so).
    const location: { -readonly [K in keyof ResourceLocation]: ResourceLocation[K] } = { resource: resource.logicalId, resourceType: resource.type };
    if (input.file !== undefined) location.file = input.file;
    const line = ownValue(input.lines, resource.logicalId);
    if (line !== undefined) location.line = line;
    if (constructPath !== undefined) {
      location.constructPath = constructPath;
    } else if (input.constructPathOf !== undefined) {
      // Read-only like every field of a location, looked up on the first read and kept.
      const lookup = input.constructPathOf;
      const logicalId = resource.logicalId;
      let found: { path: string | undefined } | undefined;
      Object.defineProperty(location, 'constructPath', { enumerable: true, get: () => (found ??= { path: lookup(logicalId) }).path });
    }
    if (input.stackName !== undefined) location.stack = input.stackName;
    return location;
  }
}

export function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * `record[key]` when the record itself holds it: a logical id is any alphanumeric name, and `toString`
 * or `constructor` must not read what every object inherits.
 */
function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
