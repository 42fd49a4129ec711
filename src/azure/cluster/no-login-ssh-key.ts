/**
 * Azure requires an admin password or SSH key on every Linux VM. When the user gives none, the
 * nodes get an SSH public key whose private key nobody holds: its modulus is RSA-2048 of the RSA
 * Factoring Challenge, a product of two 1024-bit primes that RSA Laboratories generated and
 * destroyed, and which has never been factored. No secret lands in Terraform state, and the key
 * never changes between syntheses.
 *
 * (A modulus merely hashed from a phrase would not do: a random odd number is often easy to
 * factor completely, and then anyone could compute a private key for it.)
 */

/** RSA-2048 from the RSA Factoring Challenge (617 decimal digits). */
const RSA_2048_CHALLENGE_MODULUS = BigInt(
  '2519590847565789349402718324004839857142928212620403202777713783604366202070'
  + '7595556264018525880784406918290641249515082189298559149176184502808489120072'
  + '8449926873928072877767359714183472702618963750149718246911650776133798590957'
  + '0009733045974880842840179742910064245869181719511874612151517265463228221686'
  + '9987549182422433637259085141865462043576798423387184774447920739934236584823'
  + '8242811981638150106748104516603773060562016196762561338441436038339044149526'
  + '3443219011465754445417842402092461651572335077870774981712577246796292638635'
  + '6373289912154831438167899885040445364023527381951378636564391212010397122822'
  + '120720357',
);

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** SSH `mpint`: big-endian, with a leading zero byte when the top bit is set. */
function mpint(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** `ssh-rsa AAAA... search-guardrails-no-login` */
export const NO_LOGIN_SSH_PUBLIC_KEY = `ssh-rsa ${Buffer.concat([
  sshString(Buffer.from('ssh-rsa')), sshString(mpint(65537n)), sshString(mpint(RSA_2048_CHALLENGE_MODULUS)),
]).toString('base64')} search-guardrails-no-login`;
