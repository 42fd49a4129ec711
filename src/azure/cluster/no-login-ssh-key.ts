/**
 * Azure requires an admin password or SSH key on every Linux VM. When the user gives none, the
 * nodes get this "nothing up my sleeve" RSA public key: its 2048-bit modulus is derived from
 * SHA-512 of a fixed phrase, so nobody holds (or can compute) a private key for it, it never
 * changes between syntheses, and no secret lands in Terraform state.
 */
import { createHash } from 'crypto';

const PHRASE = 'search-guardrails: no interactive login on Elasticsearch nodes';

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function modulus(): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i < 4; i++) {
    blocks.push(createHash('sha512').update(`${PHRASE} #${i}`).digest());
  }
  const bytes = Buffer.concat(blocks); // 256 bytes = 2048 bits
  bytes[0] = Math.max(bytes[0], 0x80 + (bytes[0] % 0x80)); // top bit set: a full 2048 bits
  bytes[255] = bytes[255] % 2 === 1 ? bytes[255] : bytes[255] + 1; // odd, like every RSA modulus
  return Buffer.concat([Buffer.from([0]), bytes]); // mpint: leading zero keeps it positive
}

/** `ssh-rsa AAAA... search-guardrails-no-login` */
export const NO_LOGIN_SSH_PUBLIC_KEY = `ssh-rsa ${Buffer.concat([
  sshString(Buffer.from('ssh-rsa')), sshString(Buffer.from([0x01, 0x00, 0x01])), sshString(modulus()),
]).toString('base64')} search-guardrails-no-login`;
