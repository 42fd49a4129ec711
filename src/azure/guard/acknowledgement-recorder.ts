/**
 * Records `SearchGuardrails.acknowledge` decisions in the synthesized Terraform JSON (top-level `//`),
 * where both the guard and the scan CLI read them back with `acknowledgementsFromTerraformJson`.
 */
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { acknowledgementMetadata, RecordedAcknowledgement } from '../../formats/terraform/acknowledgements';

const RECORDER_ID = 'SearchGuardrailsAcknowledgements';

/** One element per stack; its `toTerraform` contributes only `//` metadata, never a resource. */
export class AcknowledgementRecorder extends TerraformElement {
  /** The stack's recorder, created on first use. */
  public static of(stack: TerraformStack): AcknowledgementRecorder {
    const existing = stack.node.tryFindChild(RECORDER_ID);
    return (existing as AcknowledgementRecorder | undefined) ?? new AcknowledgementRecorder(stack, RECORDER_ID);
  }

  private readonly recorded: RecordedAcknowledgement[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Adds one decision; the same (rule, path, reason) twice is recorded once. */
  public record(acknowledgement: RecordedAcknowledgement): void {
    const duplicate = this.recorded.some(a => a.ruleId === acknowledgement.ruleId
      && a.constructPath === acknowledgement.constructPath && a.reason === acknowledgement.reason);
    if (!duplicate) {
      this.recorded.push(acknowledgement);
    }
  }

  public toTerraform(): any {
    return { '//': acknowledgementMetadata(this.recorded) };
  }
}
