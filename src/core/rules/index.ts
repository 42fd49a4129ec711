/**
 * Every rule of the catalogue, in catalogue order.
 */
import { anonymousAccessRule } from './anonymous-access';
import { auditLoggingDisabledRule } from './audit-logging-disabled';
import { publicAllowlistRule } from './public-allowlist';
import { publicEndpointRule } from './public-endpoint';
import { publicIngressRule } from './public-ingress';
import { Rule } from './rule';
import { transportUnencryptedRule } from './transport-unencrypted';
import { unencryptedAtRestRule } from './unencrypted-at-rest';
import { unverifiableNetworkRule } from './unverifiable-network';

export const ALL_RULES: readonly Rule[] = [
  publicIngressRule,
  publicEndpointRule,
  anonymousAccessRule,
  unverifiableNetworkRule,
  transportUnencryptedRule,
  unencryptedAtRestRule,
  publicAllowlistRule,
  auditLoggingDisabledRule,
];
