/** STUB: signatures only. */
import { AddressSet } from './address-set';
/** Every address outside the IANA special-purpose ranges that are not globally reachable (spec: "Public sources"). */
export function publicAddresses(): AddressSet { throw new Error('not implemented'); }
/** Whether one address is public. */
export function isPublicAddress(address: string): boolean { return publicAddresses().contains(address); }
