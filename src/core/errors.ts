/**
 * Errors for bad input, built by named factory functions; each message names the value, what is
 * wrong with it and how to fix it. Front ends turn these into their own way of failing (a thrown
 * synthesis error, a one-line CLI message with exit code 2).
 */

/** Base class of every error this package raises on purpose (never a stack trace for users). */
export class GuardrailsInputError extends Error {
  /** Branded check instead of `instanceof`, which breaks with two copies of the package. */
  public static isGuardrailsInputError(x: unknown): x is GuardrailsInputError {
    return typeof x === 'object' && x !== null && (x as any)[INPUT_ERROR_BRAND] === true;
  }

  /** A stable code (`invalid-cidr`, `invalid-port`, ...). */
  public readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'GuardrailsInputError';
    this.code = code;
    Object.defineProperty(this, INPUT_ERROR_BRAND, { value: true });
  }
}

const INPUT_ERROR_BRAND = Symbol.for('search-guardrails.GuardrailsInputError');

export function invalidCidr(value: string, why: string): GuardrailsInputError {
  return new GuardrailsInputError('invalid-cidr',
    `Invalid address or CIDR ${JSON.stringify(value)}: ${why}. Use an IPv4 (10.0.0.0/16) or IPv6 (2001:db8::/48) address or CIDR.`);
}

export function invalidPort(value: string, why: string): GuardrailsInputError {
  return new GuardrailsInputError('invalid-port',
    `Invalid port ${JSON.stringify(value)}: ${why}. Use a number from 0 to 65535, a range N-M, or *.`);
}

export function invalidProtocol(value: string): GuardrailsInputError {
  return new GuardrailsInputError('invalid-protocol',
    `Invalid protocol ${JSON.stringify(value)}: not a protocol name or number. Use tcp, udp, icmp, icmpv6, -1/all (CloudFormation) or Tcp, Udp, Icmp, Esp, Ah, * (Azure).`);
}
