/** Errors for bad `SecureElasticsearchCluster` props: each names the prop, the value and the fix. */
import { GuardrailsInputError } from '../../core/errors';

export function clusterPropsError(prop: string, value: unknown, problem: string, fix: string): GuardrailsInputError {
  return new GuardrailsInputError('invalid-cluster-props',
    `SecureElasticsearchCluster: ${prop} ${JSON.stringify(value)} ${problem}. ${fix}.`);
}
