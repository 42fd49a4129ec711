/**
 * Reading cluster facts: a known value, or unknown (which fails closed in the rule that reads it).
 */
import { Fact } from '../model/model';

/** True when the fact is known to equal `expected`. */
export function isKnown<T>(fact: Fact<T> | undefined, expected: T): boolean {
  return fact !== undefined && fact.known && fact.value === expected;
}

/** True when the fact applies but its value cannot be known at synthesis. */
export function isUnknown<T>(fact: Fact<T> | undefined): fact is { known: false; reason: string } {
  return fact !== undefined && !fact.known;
}

/** `cannot be verified (reason)` for messages. */
export function unverified(fact: { reason: string }): string {
  return `cannot be verified at synthesis (${fact.reason})`;
}
