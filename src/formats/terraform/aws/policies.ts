/**
 * Whether an IAM policy document (a domain's `access_policies`, an OpenSearch Serverless data access
 * policy) grants any principal: `"*"`, `{ "AWS": "*" }`, or an ARN with a wildcard account.
 */
import { Fact, Known, known, unknown } from '../../../core/model/model';
import { DocumentResolver } from '../resolver';
import { isPlainObject } from '../terraform-document';

/** The document as a value: a JSON string (heredoc, `jsonencode` evaluated, plan JSON) or an object. */
export function policyDocument(resolver: DocumentResolver, raw: unknown, origin: string): Known<any> {
  const read = resolver.read(raw);
  if (read.state === 'unknown') return { known: false, reason: `access policy of ${origin}: ${read.reason}` };
  if (read.state === 'absent') return { known: true, value: undefined };
  if (typeof read.value === 'string') {
    if (read.value.trim() === '') return { known: true, value: undefined };
    try {
      return { known: true, value: JSON.parse(read.value) };
    } catch {
      return { known: false, reason: `access policy of ${origin} is not valid JSON` };
    }
  }
  return { known: true, value: read.value };
}

export function policyAllowsAnyone(resolver: DocumentResolver, raw: unknown, origin: string): Fact {
  const document = policyDocument(resolver, raw, origin);
  if (!document.known) return unknown(document.reason);
  if (document.value === undefined) return known(false);
  if (!isPlainObject(document.value)) return unknown(`access policy of ${origin} is not a policy document`);
  const statements = Array.isArray(document.value.Statement) ? document.value.Statement : [document.value.Statement];
  for (const statement of statements) {
    if (!isPlainObject(statement)) continue;
    if (String(statement.Effect ?? 'Allow') !== 'Allow') continue;
    if (principalIsAnyone(statement.Principal)) return known(true);
  }
  return known(false);
}

/** `*`, `{ AWS: '*' }`, `{ AWS: ['arn:aws:iam::*:root'] }` admit anyone. */
export function principalIsAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isPlainObject(principal)) return false;
  for (const [kind, raw] of Object.entries(principal)) {
    for (const element of Array.isArray(raw) ? raw : [raw]) {
      if (typeof element !== 'string') continue;
      if (element === '*' || (kind === 'AWS' && element.includes('*'))) return true;
    }
  }
  return false;
}
