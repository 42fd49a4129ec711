/**
 * STUB: signatures only; the implementation lands with the net-math work.
 * A set of IPv4 and IPv6 addresses held as sorted, disjoint, inclusive intervals over BigInt.
 */
export class AddressSet {
  /** No address. */
  public static empty(): AddressSet { throw new Error('not implemented'); }
  /** Every IPv4 and every IPv6 address. */
  public static all(): AddressSet { throw new Error('not implemented'); }
  /** Every IPv4 address. */
  public static allIpv4(): AddressSet { throw new Error('not implemented'); }
  /** Every IPv6 address (outside `::ffff:0:0/96`, which maps to IPv4). */
  public static allIpv6(): AddressSet { throw new Error('not implemented'); }
  /**
   * Parses one CIDR or bare address (`10.0.0.0/8`, `1.2.3.4`, `2001:db8::/32`, `::ffff:1.2.3.4`).
   * Host bits set (`10.0.0.1/8`) are accepted and masked, as AWS and Azure do.
   * @throws InvalidCidrError with a message naming the value and what is wrong.
   */
  public static parse(_text: string): AddressSet { throw new Error('not implemented'); }
  /** `parse` that returns undefined instead of throwing. */
  public static tryParse(_text: string): AddressSet | undefined { throw new Error('not implemented'); }
  public union(_other: AddressSet): AddressSet { throw new Error('not implemented'); }
  public intersect(_other: AddressSet): AddressSet { throw new Error('not implemented'); }
  public subtract(_other: AddressSet): AddressSet { throw new Error('not implemented'); }
  public isEmpty(): boolean { throw new Error('not implemented'); }
  /** Number of IPv4 addresses in the set. */
  public ipv4Size(): bigint { throw new Error('not implemented'); }
  /** Number of IPv6 addresses in the set (IPv4-mapped ones count as IPv4). */
  public ipv6Size(): bigint { throw new Error('not implemented'); }
  /** Whether one address (text) is in the set. */
  public contains(_address: string): boolean { throw new Error('not implemented'); }
  public equals(_other: AddressSet): boolean { throw new Error('not implemented'); }
  /** The smallest list of CIDRs that covers exactly this set (for messages), IPv4 first. */
  public toCidrs(): string[] { throw new Error('not implemented'); }
}
