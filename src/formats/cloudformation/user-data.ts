/**
 * The text of an EC2 `UserData` property. EC2 requires it base64-encoded, so templates write
 * `Fn::Base64` of literal text, of an `Fn::Sub` template or of an `Fn::Join` (AWS::EC2::Instance:
 * "UserData: The parameters or scripts to store as user data ... must be base64-encoded"). Values
 * substituted in at deploy time stay as `${...}` placeholders: the commands around them are still read.
 */
import { IntrinsicResolver, intrinsicName } from './intrinsics';
import { isObject } from './template-set';

export type UserDataText = { readonly text: string } | { readonly unreadable: string };

export function userDataText(resolver: IntrinsicResolver, templateIndex: number, raw: any): UserDataText | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return { text: decodeBase64(raw) ?? raw };
  const name = intrinsicName(raw);
  if (name === 'Fn::Base64') return plainText(resolver, templateIndex, raw[name]);
  const resolved = resolver.resolveStrings(templateIndex, raw);
  if (resolved.known && resolved.values.length > 0) {
    const text = String(resolved.values[0]);
    return { text: decodeBase64(text) ?? text };
  }
  return { unreadable: `UserData is not known at synthesis (${resolved.known ? 'no value' : resolved.reason})` };
}

/** The text inside `Fn::Base64`: a literal, `Fn::Sub` (its template), `Fn::Join` (literal parts). */
function plainText(resolver: IntrinsicResolver, templateIndex: number, raw: any): UserDataText {
  if (typeof raw === 'string') return { text: raw };
  const name = intrinsicName(raw);
  if (name === 'Fn::Sub') {
    const template = typeof raw[name] === 'string' ? raw[name] : Array.isArray(raw[name]) ? raw[name][0] : undefined;
    if (typeof template === 'string') return { text: template };
  }
  if (name === 'Fn::Join' && Array.isArray(raw[name]) && typeof raw[name][0] === 'string' && Array.isArray(raw[name][1])) {
    const parts = (raw[name][1] as any[]).map(part => {
      if (typeof part === 'string' || typeof part === 'number') return String(part);
      const value = resolver.resolveStrings(templateIndex, part);
      return value.known && value.values.length === 1 ? String(value.values[0]) : `\${${isObject(part) ? Object.keys(part)[0] : 'value'}}`;
    });
    return { text: parts.join(raw[name][0]) };
  }
  const resolved = resolver.resolveStrings(templateIndex, raw);
  if (resolved.known && resolved.values.length > 0) return { text: String(resolved.values[0]) };
  return { unreadable: `UserData: ${resolved.known ? 'no value' : resolved.reason}` };
}

/** Base64 text that decodes to readable text (a script or cloud-config), else undefined. */
function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
}
