/**
 * What the readers collect from every path of one scan: CloudFormation templates (all translated in
 * ONE call so `Fn::ImportValue` resolves across stacks), Terraform documents, acknowledgements recorded
 * in synthesized output, the files read and the inputs that could not be read.
 */
import { realpathSync } from 'fs';
import { posix } from 'path';
import { DeferredLines, RereadText } from './deferred-lines';
import { displayPath } from './display-path';
import { cloudFormationJsonLines } from './line-index';
import type { FileIdentity } from './read-text';
import type { TerraformLineOf, TerraformModuleFile } from './terraform-json';
import { GuardrailsInputError } from '../../core/errors';
import type { Acknowledgement } from '../../core/findings/finding';
import type { InputProblem } from '../../core/report';
import type { CloudFormationTemplateInput } from '../../formats/cloudformation';
import type { TerraformDocumentInput } from '../../formats/terraform';
import { isInputFileError } from '../errors';

/** `.tf` and `.tf.json` files of one directory: one Terraform module, so references resolve across its files. */
interface TerraformModuleFiles {
  readonly directory: string;
  readonly files: TerraformModuleFile[];
  /** The directory on disk, so boot data read with `file()` can be found. */
  absolute?: string;
}

/** A module as its caller expands it: the inputs it passes, the address of the call. */
interface ModuleOptions {
  readonly inputs?: Record<string, any>;
  readonly addressPrefix?: string;
}

/** How deep local modules are expanded (a module calling itself stops here). */
const MAX_MODULE_DEPTH = 16;

export class ScanInputs {
  public readonly cloudFormation: CloudFormationTemplateInput[] = [];
  /** Standalone Terraform documents (cdktf stacks, plans, JSON files not named `*.tf.json`). */
  private readonly terraformDocuments: TerraformDocumentInput[] = [];
  private readonly terraformModules = new Map<string, TerraformModuleFiles>();
  /** Acknowledgements recorded in synthesized output (cdk.out metadata, cdktf `//` metadata). */
  public readonly recordedAcknowledgements: Acknowledgement[] = [];
  public readonly filesScanned: string[] = [];
  public readonly problems: InputProblem[] = [];
  private readonly claimed = new Set<string>();
  /** Lines of JSON files that are found after evaluation, for what the report prints. */
  public readonly deferredLines: DeferredLines;

  /**
   * `onScanned` is told the number of files read so far, after each one (for a progress line);
   * `reread` reads a file again for its lines (tests count reads through it).
   */
  constructor(public readonly cwd: string, private readonly onScanned?: (filesRead: number) => void, reread?: RereadText) {
    this.deferredLines = new DeferredLines(reread);
  }

  /**
   * Lines of a CloudFormation JSON template read from `path`: line references to find later, or, when
   * the text cannot be read again (`identity` unknown: standard input, a pipe), lines found now.
   */
  public cloudFormationJsonLines(
    path: string, identity: FileIdentity | undefined, text: string, logicalIds: readonly string[],
  ): Record<string, number> {
    if (identity === undefined) {
      return cloudFormationJsonLines(text, logicalIds);
    }
    return this.deferredLines.cloudFormationReferences(this.deferredLines.source(path, 'cloudformation-json', identity), logicalIds);
  }

  /** Lines of Terraform JSON read from `path`, as `cloudFormationJsonLines` (`undefined`: find them now). */
  public terraformJsonLineOf(path: string, identity: FileIdentity | undefined): TerraformLineOf | undefined {
    if (identity === undefined) {
      return undefined;
    }
    const source = this.deferredLines.source(path, 'terraform-json', identity);
    return local => this.deferredLines.reference(source, local);
  }

  /** How a path is shown: relative to the working directory when inside it, with `/` separators. */
  public display(path: string): string {
    return displayPath(this.cwd, path);
  }

  /** Marks a file as read; false when it was read already (a template inside cdk.out given twice). */
  public claim(path: string): boolean {
    let key = path;
    try {
      key = realpathSync(path);
    } catch {
      // unreadable: the read reports it
    }
    if (this.claimed.has(key)) {
      return false;
    }
    this.claimed.add(key);
    return true;
  }

  public isClaimed(path: string): boolean {
    try {
      return this.claimed.has(realpathSync(path));
    } catch {
      return this.claimed.has(path);
    }
  }

  public scanned(display: string): void {
    this.filesScanned.push(display);
    this.onScanned?.(this.filesScanned.length);
  }

  /** Records an input problem; rethrows anything that is not an input error (a bug). */
  public problem(error: unknown, fallbackFile: string): void {
    if (isInputFileError(error)) {
      this.problems.push({ file: error.file, message: error.detail });
    } else if (GuardrailsInputError.isGuardrailsInputError(error)) {
      this.problems.push({ file: fallbackFile, message: error.message });
    } else {
      throw error;
    }
  }

  public addTerraformDocument(document: TerraformDocumentInput): void {
    this.terraformDocuments.push(document);
  }

  /** Adds one `.tf` / `.tf.json` file to its directory's module (`absolute`: that directory on disk). */
  public addTerraformModuleFile(directory: string, file: TerraformModuleFile, absolute?: string): void {
    let module = this.terraformModules.get(directory);
    if (!module) {
      module = { directory, files: [], absolute };
      this.terraformModules.set(directory, module);
    }
    module.files.push(file);
  }

  /**
   * Every Terraform document: standalone ones, then one per module directory. A local module that
   * another scanned directory calls (`source = "./modules/nsg"`) is expanded for each call with the
   * inputs the caller passes, its resources named `module.<name>.<type>.<name>` as in a plan, and is
   * not read on its own (with unknown variables) as well.
   */
  public terraform(): TerraformDocumentInput[] {
    const called = new Set<string>();
    // Each module is built once as a root (no inputs): to find the calls, then as the document itself.
    const asRoot = new Map<TerraformModuleFiles, TerraformDocumentInput[]>();
    for (const module of this.terraformModules.values()) {
      const built = this.buildModule(module, {});
      asRoot.set(module, built);
      for (const document of built) {
        for (const call of document.modules ?? []) {
          const target = this.localModule(module.directory, call.source);
          if (target && target !== module) called.add(target.directory);
        }
      }
    }
    return [
      ...this.terraformDocuments,
      ...[...this.terraformModules.values()].filter(m => !called.has(m.directory)).flatMap(m => this.expandModule(m, {}, 0, asRoot.get(m))),
    ];
  }

  private buildModule(module: TerraformModuleFiles, options: ModuleOptions): TerraformDocumentInput[] {
    // Own members as JSON.parse makes them: a local named `__proto__` is a local like any other.
    const moduleLocals = Object.fromEntries(module.files.flatMap(f => Object.entries(f.locals)));
    return module.files.map(f => f.build({ ...options, moduleLocals }));
  }

  /** One module directory (its files as one document) and, recursively, the local modules it calls. */
  private expandModule(
    module: TerraformModuleFiles, options: ModuleOptions, depth: number, built?: TerraformDocumentInput[],
  ): TerraformDocumentInput[] {
    const files = built ?? this.buildModule(module, options);
    const calls = files.flatMap(f => f.modules ?? []);
    const expanded: string[] = [];
    const children: TerraformDocumentInput[] = [];
    for (const call of calls) {
      const target = this.localModule(module.directory, call.source);
      if (!target || depth >= MAX_MODULE_DEPTH) continue;
      expanded.push(call.name);
      for (const instance of call.instances) {
        children.push(...this.expandModule(target, {
          inputs: instance.inputs,
          addressPrefix: `${options.addressPrefix ?? ''}module.${call.name}${instance.key}.`,
        }, depth + 1));
      }
    }
    const document: TerraformDocumentInput = {
      file: module.directory,
      resources: files.flatMap(f => f.resources),
      variables: [...new Set(files.flatMap(f => f.variables ?? []))],
      ...(module.absolute !== undefined ? { directory: module.absolute } : {}),
      modules: calls,
      expandedModules: expanded,
      ...(options.addressPrefix ? { addressPrefix: options.addressPrefix } : {}),
    };
    return [document, ...children];
  }

  /** The scanned module a local `source` (`./x`, `../x`) names, relative to the caller's directory. */
  private localModule(directory: string, source: string | undefined): TerraformModuleFiles | undefined {
    if (source === undefined || !/^\.\.?\//.test(source)) return undefined;
    return this.terraformModules.get(posix.normalize(posix.join(directory, source)).replace(/\/$/, ''));
  }
}
