/** STUB: signatures only. A set of TCP/UDP ports 0-65535 held as sorted, disjoint, inclusive intervals. */
export class PortSet {
  public static empty(): PortSet { throw new Error('not implemented'); }
  /** Ports 0-65535. */
  public static all(): PortSet { throw new Error('not implemented'); }
  /** `from`-`to` inclusive. @throws InvalidPortError when out of 0-65535 or from > to. */
  public static range(_from: number, _to: number): PortSet { throw new Error('not implemented'); }
  public static of(..._ports: number[]): PortSet { throw new Error('not implemented'); }
  /** Azure/Terraform port text: `*`, `N`, `N-M`. @throws InvalidPortError */
  public static parse(_text: string): PortSet { throw new Error('not implemented'); }
  public union(_other: PortSet): PortSet { throw new Error('not implemented'); }
  public intersect(_other: PortSet): PortSet { throw new Error('not implemented'); }
  public subtract(_other: PortSet): PortSet { throw new Error('not implemented'); }
  public has(_port: number): boolean { throw new Error('not implemented'); }
  public isEmpty(): boolean { throw new Error('not implemented'); }
  public equals(_other: PortSet): boolean { throw new Error('not implemented'); }
  /** `9200`, `9200-9300`, `*` for all, `80, 443` for several. */
  public toString(): string { throw new Error('not implemented'); }
}
