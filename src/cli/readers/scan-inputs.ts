/**
 * What the readers collect from every path of one scan: CloudFormation templates (all translated in
 * ONE call so `Fn::ImportValue` resolves across stacks), Terraform documents, acknowledgements recorded
 * in synthesized output, the files read and the inputs that could not be read.
 */
import { realpathSync } from 'fs';
import { displayPath } from './display-path';
import { GuardrailsInputError } from '../../core/errors';
import type { Acknowledgement } from '../../core/findings/finding';
import type { InputProblem } from '../../core/report';
import type { CloudFormationTemplateInput } from '../../formats/cloudformation';
import type { TerraformDocumentInput, TerraformResourceInput } from '../../formats/terraform';
import type { TerraformModuleCall } from '../../formats/terraform/terraform-document';
import { isInputFileError } from '../errors';

/** `.tf` and `.tf.json` files of one directory: one Terraform module, so references resolve across its files. */
interface TerraformModuleFiles {
  readonly directory: string;
  readonly resources: TerraformResourceInput[];
  readonly variables: Set<string>;
  readonly moduleCalls: TerraformModuleCall[];
  /** The directory on disk, so boot data read with `file()` can be found. */
  absolute?: string;
}

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

  constructor(public readonly cwd: string) {}

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

  /** Adds the resources of one `.tf` / `.tf.json` file to its directory's module (`absolute`: that directory on disk). */
  public addTerraformModuleFile(directory: string, document: TerraformDocumentInput, absolute?: string): void {
    let module = this.terraformModules.get(directory);
    if (!module) {
      module = { directory, resources: [], variables: new Set(), moduleCalls: [], absolute };
      this.terraformModules.set(directory, module);
    }
    module.resources.push(...document.resources);
    module.moduleCalls.push(...(document.moduleCalls ?? []));
    (document.variables ?? []).forEach(v => module!.variables.add(v));
  }

  /** Every Terraform document: standalone ones, then one per module directory. */
  public terraform(): TerraformDocumentInput[] {
    return [
      ...this.terraformDocuments,
      ...[...this.terraformModules.values()].map(m => ({
        file: m.directory,
        resources: m.resources,
        variables: [...m.variables],
        ...(m.absolute !== undefined ? { directory: m.absolute } : {}),
        ...(m.moduleCalls.length > 0 ? { moduleCalls: m.moduleCalls } : {}),
      })),
    ];
  }
}
