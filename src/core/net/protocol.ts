/** STUB: signatures only. */
export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | 'other';
/**
 * Normalizes CloudFormation (`tcp`, `6`, `-1`, `all`, `udp`, `17`, `icmp`, `1`, `icmpv6`, `58`, other numbers)
 * and Azure (`Tcp`, `*`, `Udp`, `Icmp`, `Esp`, `Ah`) protocol names, case-insensitively.
 * @throws InvalidProtocolError for text that is no protocol name or number.
 */
export function normalizeProtocol(_raw: string | number): Protocol { throw new Error('not implemented'); }
/** Whether a rule of this protocol can carry TCP traffic (`tcp`, `all`). */
export function reachesTcp(_protocol: Protocol): boolean { throw new Error('not implemented'); }
