import { GuardrailsInputError } from '../../../src/core/errors';
import { normalizeProtocol, Protocol, reachesTcp } from '../../../src/core/net/protocol';

describe('normalizing protocols', () => {
  test.each<[string | number, Protocol]>([
    ['tcp', 'tcp'], ['TCP', 'tcp'], ['6', 'tcp'], [6, 'tcp'], ['Tcp', 'tcp'], [' tcp ', 'tcp'],
    ['udp', 'udp'], ['17', 'udp'], [17, 'udp'], ['Udp', 'udp'],
    ['icmp', 'icmp'], ['1', 'icmp'], [1, 'icmp'], ['Icmp', 'icmp'],
    ['icmpv6', 'icmpv6'], ['58', 'icmpv6'], [58, 'icmpv6'], ['ICMPv6', 'icmpv6'],
    ['-1', 'all'], [-1, 'all'], ['all', 'all'], ['ALL', 'all'], ['*', 'all'], ['Any', 'all'], ['any', 'all'],
    ['Esp', 'other'], ['Ah', 'other'], ['50', 'other'], [51, 'other'], ['0', 'other'], [255, 'other'], ['255', 'other'],
    ['47', 'other'], ['006', 'tcp'],
  ])('%j normalizes to %s', (raw, expected) => {
    expect(normalizeProtocol(raw)).toBe(expected);
  });

  test.each<[string | number]>([
    [''], ['  '], ['http'], ['tcp/udp'], ['256'], [256], ['-2'], [-2], [1.5], ['1.5'], [NaN], ['0x06'], ['1000'],
  ])('%j is rejected with an invalid-protocol error that names the value', (raw) => {
    let thrown: unknown;
    try {
      normalizeProtocol(raw);
    } catch (error) {
      thrown = error;
    }
    expect(GuardrailsInputError.isGuardrailsInputError(thrown)).toBe(true);
    expect((thrown as GuardrailsInputError).code).toBe('invalid-protocol');
    expect((thrown as Error).message).toContain(`Invalid protocol ${JSON.stringify(String(raw))}`);
  });

  test('a value that is neither text nor a number is rejected', () => {
    expect(() => normalizeProtocol(null as unknown as string)).toThrow('Invalid protocol "null"');
  });
});

describe('protocols that reach TCP ports', () => {
  test.each<[Protocol, boolean]>([
    ['tcp', true], ['all', true], ['udp', false], ['icmp', false], ['icmpv6', false], ['other', false],
  ])('a %s rule reaches TCP ports: %s', (protocol, expected) => {
    expect(reachesTcp(protocol)).toBe(expected);
  });
});
