/**
 * Reading input files as text, with a size limit, and parsing JSON with a message that names the line.
 */
import { readFileSync, Stats, statSync } from 'fs';
import { GuardrailsInputError } from '../../core/errors';
import { fileTooLarge, invalidJson, invalidMaxFileBytes, unreadablePath } from '../errors';

/**
 * Files larger than this are refused with a clear message instead of exhausting memory: V8 strings
 * stop at about 512 MiB, and a parsed template takes several times its size.
 */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The size limit: `SEARCH_GUARDRAILS_MAX_FILE_BYTES` when set (a positive whole number of bytes), else
 * the default. An empty variable counts as unset.
 * @throws GuardrailsInputError (usage) for any other value: a limit the user set is never ignored.
 */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SEARCH_GUARDRAILS_MAX_FILE_BYTES;
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_MAX_FILE_BYTES;
  }
  const parsed = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw invalidMaxFileBytes(raw);
  }
  return parsed;
}

/**
 * Reads a stream (standard input, a pipe) to the end as UTF-8 (BOM dropped).
 * @throws InputFileError when it holds more than `limit` bytes, or cannot be read.
 */
export async function readStream(stream: NodeJS.ReadableStream, display: string, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw fileTooLarge(display, size, limit);
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a UTF-8 file (BOM dropped). @throws InputFileError when missing, unreadable or too large.
 * Synchronous I/O on purpose: a scan reads one file at a time anyway, and `fs.promises.readFile` reads
 * a large file in many chunks through the thread pool, which made reading cdk.out slower than parsing it.
 */
export async function readTextFile(path: string, display: string, limit: number): Promise<string> {
  return (await readTextFileWithIdentity(path, display, limit)).text;
}

/**
 * `readTextFile`, with the identity of the file as it was before the read (`stat`), so that the file
 * can be read again later only if it is still the same (`deferred-lines.ts`).
 */
export async function readTextFileWithIdentity(path: string, display: string, limit: number): Promise<{ text: string; identity: FileIdentity }> {
  let identity: FileIdentity;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw unreadablePath(display, 'not a regular file');
    }
    identity = fileIdentity(stat);
  } catch (e) {
    throw isNodeError(e) ? unreadablePath(display, describeNodeError(e)) : e;
  }
  if (identity.size > limit) {
    throw fileTooLarge(display, identity.size, limit);
  }
  try {
    const text = readFileSync(path, 'utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, identity };
  } catch (e) {
    throw unreadablePath(display, isNodeError(e) ? describeNodeError(e) : errorMessage(e));
  }
}

/**
 * What tells a file apart from the same path rewritten (a cheap identity: no hash of the text), so it
 * is read again later only if it is still the same (`deferred-lines.ts`).
 */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

/** The identity of a file from its `stat`. */
export function fileIdentity(stat: Stats): FileIdentity {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, dev: stat.dev };
}

/** Parses JSON. @throws InputFileError naming the line and column of the syntax error. */
export function parseJson(text: string, display: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = errorMessage(e);
    const position = /at position (\d+)/.exec(message);
    const where = position ? `, ${lineAndColumn(text, Number(position[1]))}` : '';
    const first = message.split('\n')[0].replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw invalidJson(display, `${first}${where}`);
  }
}

/**
 * Whether JSON text can hold an object key `Fn::Transform`: when it names it nowhere, and has no `\u`
 * escape (RFC 8259, section 7: of the escapes only `\uXXXX` can spell a letter or `:`), no key of
 * its value is `Fn::Transform`.
 */
export function jsonTextCanHoldFnTransform(text: string): boolean {
  return text.includes('Fn::Transform') || text.includes('\\u');
}

/** `line 3, column 7` for a 0-based offset. */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Duck-typed: errors from another realm (a VM context, a worker) fail `instanceof Error`. Our own input
 * errors have a `code` too, and are not Node's: they pass through with their message.
 */
export function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return typeof e === 'object' && e !== null && typeof (e as NodeJS.ErrnoException).code === 'string'
    && typeof (e as NodeJS.ErrnoException).message === 'string' && !GuardrailsInputError.isGuardrailsInputError(e);
}

/** The message of anything thrown, first line only. */
export function errorMessage(e: unknown): string {
  const message = typeof e === 'object' && e !== null && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
  return message.split('\n')[0];
}

/** `ENOENT: no such file or directory` -> `no such file or directory`. */
export function describeNodeError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'ELOOP': return 'too many symbolic links';
    case 'EAGAIN': return 'nothing to read yet (a terminal or a non-blocking pipe); pipe the input in, or name a file';
    // Node's own wording without its code and system call: `EIO: i/o error, read` -> `i/o error`.
    default: return e.message.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/, [a-z_]+( '.*')?$/, '') || 'an input/output error';
  }
}
