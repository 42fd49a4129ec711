import { Readable } from 'stream';
import { unreadablePath } from '../../../src/cli/errors';
import { describeNodeError, isNodeError, jsonTextCanHoldFnTransform, maxFileBytes, readStream, readTextFile } from '../../../src/cli/readers/read-text';
import { GuardrailsInputError } from '../../../src/core/errors';

const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('reading text', () => {
  test('our own input errors are not taken for Node errors, so their code never replaces their message', () => {
    expect(isNodeError(unreadablePath('x', 'not a regular file'))).toBe(false);
    expect(isNodeError(new GuardrailsInputError('usage', 'bad'))).toBe(false);
    expect(isNodeError(nodeError('ENOENT', 'ENOENT: no such file or directory, open \'x\''))).toBe(true);
  });

  test.each([
    ['ENOENT', 'ENOENT: no such file or directory, open \'x\'', 'no such file or directory'],
    ['EIO', 'EIO: i/o error, read', 'i/o error'],
    ['ESPIPE', 'ESPIPE: invalid seek, read', 'invalid seek'],
    ['EAGAIN', 'EAGAIN: resource temporarily unavailable, read', 'nothing to read yet (a terminal or a non-blocking pipe); pipe the input in, or name a file'],
  ])('a Node %s error is described in words, without its code or system call', (code, message, words) => {
    expect(describeNodeError(nodeError(code, message))).toBe(words);
  });

  test('a path that is not a regular file says so, not an error code', async () => {
    await expect(readTextFile(__dirname, 'readers', 1024)).rejects.toThrow('readers: cannot be read (not a regular file). Check that the path exists and is readable.');
  });

  test('a stream is read to its end, BOM dropped, and refused past the limit', async () => {
    await expect(readStream(Readable.from([Buffer.from('\ufeff{"a":'), Buffer.from('1}')]), '(stdin)', 100)).resolves.toBe('{"a":1}');
    await expect(readStream(Readable.from([Buffer.alloc(64), Buffer.alloc(64)]), '(stdin)', 100)).rejects.toThrow('(stdin): is 128 bytes, larger than the limit of 100 bytes.');
  });

  test.each([
    [undefined, 256 * 1024 * 1024], ['', 256 * 1024 * 1024], ['  ', 256 * 1024 * 1024], ['1024', 1024], [' 2048 ', 2048],
  ])('SEARCH_GUARDRAILS_MAX_FILE_BYTES=%j gives a limit of %d bytes', (value, limit) => {
    expect(maxFileBytes(value === undefined ? {} : { SEARCH_GUARDRAILS_MAX_FILE_BYTES: value })).toBe(limit);
  });

  test.each(['abc', '0', '-1', '1e6', '99999999999999999999'])('SEARCH_GUARDRAILS_MAX_FILE_BYTES=%j is refused', (value) => {
    expect(() => maxFileBytes({ SEARCH_GUARDRAILS_MAX_FILE_BYTES: value })).toThrow(/is not a positive whole number of bytes/);
  });
});

describe('whether JSON text can hold a key Fn::Transform', () => {
  test.each([
    ['{"a":1}', false],
    ['{"a":"Fn::Transform"}', true],
    ['{"Fn::Tr\\u0061nsform":1}', true],
    ['{"a":"\\\\u"}', true], // an escaped backslash before a u: said yes, the walk decides
    ['{"a":"\\n\\t\\"\\/"}', false],
  ])('%s: %s', (text, can) => {
    expect(jsonTextCanHoldFnTransform(text)).toBe(can);
  });
});
