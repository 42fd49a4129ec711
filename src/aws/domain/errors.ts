/** Errors for bad `SecureSearchDomain` props: each names the prop, what is wrong and how to fix it. */
import { GuardrailsInputError } from '../../core/errors';

export function refusedProp(prop: string, why: string): GuardrailsInputError {
  return new GuardrailsInputError('refused-prop', `SecureSearchDomain does not accept ${prop}: ${why}. Remove ${prop} from the props.`);
}

export function conflictingProps(path: string, problem: string, fix: string): GuardrailsInputError {
  return new GuardrailsInputError('refused-prop', `SecureSearchDomain ${path}: ${problem}. ${fix}.`);
}

export function invalidCapacity(path: string, problem: string, fix: string): GuardrailsInputError {
  return new GuardrailsInputError('invalid-capacity', `SecureSearchDomain ${path}: ${problem}. ${fix}.`);
}
