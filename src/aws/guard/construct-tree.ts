/**
 * What the guard reads from the construct tree: stacks of a stage, logical id -> construct path,
 * acknowledgements recorded with `Validations.of(x).acknowledge` / `SearchGuardrails.acknowledge`.
 * Read-only: nothing here changes the tree.
 */
import { CfnElement, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Acknowledgement } from '../../core/findings/finding';
import { ACKNOWLEDGED_RULES_METADATA_TYPE, acknowledgementsFromAssemblyMetadata } from '../../formats/cloudformation/acknowledgements';
import { CloudFormationTemplateInput } from '../../formats/cloudformation/template-set';

/** The stacks (nested stacks included) that belong to `stage` itself, not to a nested stage. */
export function stacksOfStage(stage: Stage): Stack[] {
  return stage.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) === stage);
}

/** Whether a context lookup of `stack` (`Vpc.fromLookup`, ...) has not run yet. */
export function hasPendingLookups(stack: Stack): boolean {
  // Stack.reportMissingContextKey records them here; the CLI performs them only after a synthesis succeeds.
  const missing = (stack as any)._missingContext;
  return Array.isArray(missing) && missing.length > 0;
}

/** Construct path of every CloudFormation element of `stack`, by logical id. */
export function constructPathsOf(stack: Stack): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const c of stack.node.findAll()) {
    if (CfnElement.isCfnElement(c) && Stack.of(c) === stack) paths[stack.resolve(c.logicalId)] = c.node.path;
  }
  return paths;
}

/** Every acknowledgement of a search-guardrails rule recorded anywhere in the app of `scope`. */
export function acknowledgementsInTree(scope: IConstruct): Acknowledgement[] {
  const metadata: Record<string, Array<{ type: string; data?: any }>> = {};
  for (const c of scope.node.root.node.findAll()) {
    const entries = c.node.metadata.filter(m => m.type === ACKNOWLEDGED_RULES_METADATA_TYPE);
    if (entries.length > 0) metadata[c.node.path] = entries;
  }
  return acknowledgementsFromAssemblyMetadata(metadata);
}

/** One stack's template rendered in memory, with the stack it belongs to. */
export interface RenderedStackTemplate {
  readonly stack: Stack;
  readonly input: CloudFormationTemplateInput;
}

/**
 * The templates of a stage as they will be written, rendered in memory after `prepare` (so
 * escape-hatch overrides and cross-stack exports are in). Undefined when this aws-cdk-lib cannot
 * render a template without synthesizing (the validation plugin still checks the files).
 */
export function renderStageTemplates(stage: Stage): RenderedStackTemplate[] | undefined {
  const rendered: RenderedStackTemplate[] = [];
  for (const stack of stacksOfStage(stage)) {
    const render = (stack as any)._toCloudFormation;
    if (typeof render !== 'function') return undefined;
    rendered.push({
      stack,
      input: {
        file: stack.templateFile,
        stackName: stack.stackName,
        template: render.call(stack),
        constructPaths: constructPathsOf(stack),
      },
    });
  }
  return rendered;
}

/**
 * The indent aws-cdk-lib writes `stack`'s template with (`Stack._synthesizeTemplate`: `JSON.stringify`
 * with 1, none under `suppressTemplateIndentation`). If a later version writes differently, the
 * validation plugin finds the files changed and evaluates them itself.
 */
export function templateIndent(stack: Stack): number | undefined {
  return (stack as any)._suppressTemplateIndentation ? undefined : 1;
}
