/** `ResourceLocation`s for Terraform resources, so findings name the address, file, stack and construct. */
import { TerraformDocumentInput, TerraformResourceInput } from './terraform-document';
import { ResourceLocation } from '../../core/model/model';

export function locationOf(resource: TerraformResourceInput, document: TerraformDocumentInput): ResourceLocation {
  return {
    resource: resource.address,
    resourceType: resource.type,
    file: resource.file ?? document.file,
    line: resource.line,
    constructPath: resource.constructPath,
    stack: resource.stack ?? document.stack,
  };
}
