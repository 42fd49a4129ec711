import { invalidProtocol } from '../errors';

/** The protocols the engine tells apart; `other` is any IP protocol number that carries no TCP (ESP, AH, GRE...). */
export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | 'other';

/** IANA protocol numbers with a name of their own here; every other number 0-255 is `other`. */
const PROTOCOL_BY_NUMBER: ReadonlyMap<number, Protocol> = new Map<number, Protocol>([
  [1, 'icmp'], [6, 'tcp'], [17, 'udp'], [58, 'icmpv6'],
]);

/**
 * Names from CloudFormation `IpProtocol` (tcp, udp, icmp, icmpv6, -1 / all) and Azure NSG `protocol`
 * (Tcp, Udp, Icmp, Esp, Ah, * / Any), lower-cased.
 */
const PROTOCOL_BY_NAME: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
  ['tcp', 'tcp'], ['udp', 'udp'], ['icmp', 'icmp'], ['icmpv6', 'icmpv6'],
  ['-1', 'all'], ['all', 'all'], ['*', 'all'], ['any', 'all'],
  ['esp', 'other'], ['ah', 'other'],
]);

/**
 * Normalizes CloudFormation (`tcp`, `6`, `-1`, `all`, `udp`, `17`, `icmp`, `1`, `icmpv6`, `58`, other numbers)
 * and Azure (`Tcp`, `*`, `Udp`, `Icmp`, `Esp`, `Ah`) protocol names, case-insensitively.
 * @throws GuardrailsInputError (code `invalid-protocol`) for text that is no protocol name or number.
 */
export function normalizeProtocol(raw: string | number): Protocol {
  if (typeof raw === 'number') {
    return protocolFromNumber(raw, String(raw));
  }
  if (typeof raw !== 'string') {
    throw invalidProtocol(String(raw));
  }
  const text = raw.trim().toLowerCase();
  const named = PROTOCOL_BY_NAME.get(text);
  if (named !== undefined) {
    return named;
  }
  if (/^\d{1,3}$/.test(text)) {
    return protocolFromNumber(Number(text), raw);
  }
  throw invalidProtocol(raw);
}

function protocolFromNumber(value: number, raw: string): Protocol {
  if (value === -1) {
    return 'all';
  }
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw invalidProtocol(raw);
  }
  return PROTOCOL_BY_NUMBER.get(value) ?? 'other';
}

/** Whether a rule of this protocol can carry TCP traffic (`tcp`, `all`). */
export function reachesTcp(protocol: Protocol): boolean { return protocol === 'tcp' || protocol === 'all'; }
