import { GuardrailsInputError } from '../../../src/core/errors';
import { AddressSet } from '../../../src/core/net/address-set';

describe('parsing addresses and CIDRs', () => {
  test.each([
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['1.2.3.4', ['1.2.3.4/32']],
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['255.255.255.255/32', ['255.255.255.255/32']],
    ['10.0.0.1/8', ['10.0.0.0/8']],
    ['192.168.1.77/24', ['192.168.1.0/24']],
    ['  192.168.1.0/24  ', ['192.168.1.0/24']],
    ['10.0.0.0/08', ['10.0.0.0/8']],
    ['2001:db8::/32', ['2001:db8::/32']],
    ['2001:DB8:0:0::1/64', ['2001:db8::/64']],
    ['1:2:3:4:5:6:7:8', ['1:2:3:4:5:6:7:8/128']],
    ['fe80::1/10', ['fe80::/10']],
    ['::1', ['::1/128']],
    ['::', ['::/128']],
    ['::/0', ['0.0.0.0/0', '::/0']],
    ['::ffff:1.2.3.4', ['1.2.3.4/32']],
    ['::ffff:1.2.3.4/128', ['1.2.3.4/32']],
    ['::ffff:102:304/128', ['1.2.3.4/32']],
    ['::ffff:10.0.0.0/104', ['10.0.0.0/8']],
    ['::ffff:0:0/96', ['0.0.0.0/0']],
    ['::ffff:0:0/95', ['0.0.0.0/0', '::fffe:0:0/95']],
    ['::fffe:0:0/96', ['::fffe:0:0/96']],
    ['1:2:3:4:5:6:1.2.3.4', ['1:2:3:4:5:6:102:304/128']],
  ])('%j parses to the CIDR cover %j', (text, cidrs) => {
    expect(AddressSet.parse(text).toCidrs()).toEqual(cidrs);
  });

  test.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['garbage', 'is not an IPv4 address'],
    ['256.0.0.0/8', 'is not an IPv4 address'],
    ['10.0.0', 'is not an IPv4 address'],
    ['127.1', 'is not an IPv4 address'],
    ['0x7f.0.0.1', 'is not an IPv4 address'],
    ['01.2.3.4', 'is not an IPv4 address'],
    ['1.2.3.4.5', 'is not an IPv4 address'],
    ['-1.2.3.4', 'is not an IPv4 address'],
    ['10.0.0.0 /8', 'is not an IPv4 address'],
    ['/8', 'is not an IPv4 address'],
    ['10.0.0.0/33', 'the prefix length /33 is out of range /0-/32 for IPv4'],
    ['10.0.0.0/', 'the prefix length "" is not a number'],
    ['10.0.0.0/-1', 'the prefix length "-1" is not a number'],
    ['10.0.0.0/abc', 'the prefix length "abc" is not a number'],
    ['10.0.0.0/8.5', 'the prefix length "8.5" is not a number'],
    ['10.0.0.0/1000', 'the prefix length "1000" is not a number'],
    ['10.0.0.0/8/8', 'more than one "/"'],
    ['2001:db8::/129', 'the prefix length /129 is out of range /0-/128 for IPv6'],
    ['1::2::3', 'is not an IPv6 address'],
    ['2001:db8::g', 'is not an IPv6 address'],
    ['1:2:3:4:5:6:7:8:9', 'is not an IPv6 address'],
    ['::ffff:01.2.3.4', 'is not an IPv6 address'],
    ['::ffff:1.2.3', 'is not an IPv6 address'],
    ['::ffff:256.1.1.1', 'is not an IPv6 address'],
    ['fe80::1%eth0', 'a zone id'],
  ])('parsing %j throws an invalid-cidr error that names the value and says "%s"', (text, why) => {
    let thrown: unknown;
    try {
      AddressSet.parse(text);
    } catch (error) {
      thrown = error;
    }
    expect(GuardrailsInputError.isGuardrailsInputError(thrown)).toBe(true);
    expect((thrown as GuardrailsInputError).code).toBe('invalid-cidr');
    expect((thrown as Error).message).toContain(`Invalid address or CIDR ${JSON.stringify(text)}`);
    expect((thrown as Error).message).toContain(why);
    expect(AddressSet.tryParse(text)).toBeUndefined();
  });

  test('a value that is not text at all is rejected with a clear message', () => {
    expect(() => AddressSet.parse(42 as unknown as string)).toThrow('Invalid address or CIDR "42": it is not text');
  });

  test('tryParse returns the parsed set for valid text', () => {
    expect(AddressSet.tryParse('10.0.0.0/8')?.equals(AddressSet.parse('10.0.0.0/8'))).toBe(true);
  });
});

describe('IPv4-mapped IPv6 addresses', () => {
  test('::ffff:0:0/96 equals all IPv4 and holds no IPv6 address.', () => {
    const mapped = AddressSet.parse('::ffff:0:0/96');
    expect(mapped.equals(AddressSet.allIpv4())).toBe(true);
    expect(mapped.ipv6Size()).toBe(0n);
    expect(mapped.ipv4Size()).toBe(2n ** 32n);
  });

  test('::ffff:1.2.3.4/128 is the same member as 1.2.3.4.', () => {
    expect(AddressSet.parse('::ffff:1.2.3.4/128').equals(AddressSet.parse('1.2.3.4'))).toBe(true);
    expect(AddressSet.parse('1.2.3.0/24').contains('::ffff:1.2.3.4')).toBe(true);
  });

  test('a CIDR that partly overlaps the mapped range gives its mapped part to IPv4 and the rest to IPv6.', () => {
    const set = AddressSet.parse('::ffff:0:0/95');
    expect(set.ipv4Size()).toBe(2n ** 32n);
    expect(set.ipv6Size()).toBe(2n ** 32n);
    expect(set.contains('::fffe:1.2.3.4')).toBe(true);
  });

  test('::/0 is every IPv4 and every IPv6 address.', () => {
    expect(AddressSet.parse('::/0').equals(AddressSet.all())).toBe(true);
    expect(AddressSet.all().ipv6Size()).toBe(2n ** 128n - 2n ** 32n);
  });

  test('all IPv6 without all IPv4 is covered without the mapped hole, by the minimal exact list of blocks.', () => {
    const cidrs = AddressSet.allIpv6().toCidrs();
    // [::, ::fffe:ffff:ffff] takes 16 blocks and [::1:0:0:0, ffff:...] takes 80.
    expect(cidrs).toHaveLength(96);
    expect(cidrs[0]).toBe('::/81');
    expect(cidrs[cidrs.length - 1]).toBe('8000::/1');
    expect(AddressSet.parseAll(cidrs).equals(AddressSet.allIpv6())).toBe(true);
  });
});

describe('set operations and queries', () => {
  test('0.0.0.0/1 plus 128.0.0.0/1 equals all IPv4.', () => {
    const halves = AddressSet.parse('0.0.0.0/1').union(AddressSet.parse('128.0.0.0/1'));
    expect(halves.equals(AddressSet.allIpv4())).toBe(true);
    expect(halves.toCidrs()).toEqual(['0.0.0.0/0']);
  });

  test('all is the union of all IPv4 and all IPv6, and subtracting either leaves the other.', () => {
    expect(AddressSet.allIpv4().union(AddressSet.allIpv6()).equals(AddressSet.all())).toBe(true);
    expect(AddressSet.all().subtract(AddressSet.allIpv4()).equals(AddressSet.allIpv6())).toBe(true);
    expect(AddressSet.all().intersect(AddressSet.allIpv6()).equals(AddressSet.allIpv6())).toBe(true);
    expect(AddressSet.all().toCidrs()).toEqual(['0.0.0.0/0', '::/0']);
  });

  test('the empty set is empty, has size zero and is described as no address.', () => {
    const empty = AddressSet.empty();
    expect(empty.isEmpty()).toBe(true);
    expect(empty.ipv4Size()).toBe(0n);
    expect(empty.ipv6Size()).toBe(0n);
    expect(empty.toCidrs()).toEqual([]);
    expect(empty.describe()).toBe('no address');
    expect(AddressSet.parse('10.0.0.0/8').isEmpty()).toBe(false);
    expect(AddressSet.parse('::1').isEmpty()).toBe(false);
  });

  test('subtracting a hole from a block leaves the minimal cover around it.', () => {
    const set = AddressSet.parse('10.0.0.0/24').subtract(AddressSet.parse('10.0.0.128/32'));
    expect(set.toCidrs()).toEqual(['10.0.0.0/25', '10.0.0.129/32', '10.0.0.130/31', '10.0.0.132/30',
      '10.0.0.136/29', '10.0.0.144/28', '10.0.0.160/27', '10.0.0.192/26']);
    expect(set.ipv4Size()).toBe(255n);
  });

  test('contains accepts a CIDR and is true only when every address of it is in the set.', () => {
    const set = AddressSet.parse('10.0.0.0/16');
    expect(set.contains('10.0.255.255')).toBe(true);
    expect(set.contains('10.0.1.0/24')).toBe(true);
    expect(set.contains('10.0.0.0/15')).toBe(false);
    expect(set.contains('10.1.0.0')).toBe(false);
    expect(set.containsAll(AddressSet.parse('10.0.3.0/24'))).toBe(true);
    expect(() => set.contains('nope')).toThrow('Invalid address or CIDR "nope"');
  });

  test('overlaps is true when the sets share at least one address.', () => {
    expect(AddressSet.parse('10.0.0.0/8').overlaps(AddressSet.parse('10.255.255.255'))).toBe(true);
    expect(AddressSet.parse('10.0.0.0/8').overlaps(AddressSet.parse('11.0.0.0'))).toBe(false);
  });

  test('fromIntervals sorts, merges touching intervals, clips out-of-range bounds and maps IPv6 into IPv4.', () => {
    const set = AddressSet.fromIntervals(
      [{ start: 20n, end: 29n }, { start: 10n, end: 19n }, { start: -5n, end: 2n }, { start: 2n ** 32n - 1n, end: 2n ** 40n }],
      [{ start: 0xffffn * 2n ** 32n + 7n, end: 0xffffn * 2n ** 32n + 7n }, { start: 2n ** 128n - 2n, end: 2n ** 130n }]);
    expect(set.ipv4).toEqual([{ start: 0n, end: 2n }, { start: 7n, end: 7n }, { start: 10n, end: 29n },
      { start: 2n ** 32n - 1n, end: 2n ** 32n - 1n }]);
    expect(set.ipv6).toEqual([{ start: 2n ** 128n - 2n, end: 2n ** 128n - 1n }]);
  });

  test('unionAll of no set is the empty set.', () => {
    expect(AddressSet.unionAll([]).isEmpty()).toBe(true);
  });

  test('isAddressSet recognizes address sets by brand, not by class identity.', () => {
    expect(AddressSet.isAddressSet(AddressSet.empty())).toBe(true);
    expect(AddressSet.isAddressSet({ ipv4: [], ipv6: [] })).toBe(false);
    expect(AddressSet.isAddressSet(null)).toBe(false);
    expect(AddressSet.isAddressSet('10.0.0.0/8')).toBe(false);
  });
});

describe('operations with the empty set', () => {
  const block = AddressSet.parse('203.0.113.0/24');
  test('return an operand as it is, and an empty result is the one empty set', () => {
    expect(block.union(AddressSet.empty())).toBe(block);
    expect(AddressSet.empty().union(block)).toBe(block);
    expect(block.subtract(AddressSet.empty())).toBe(block);
    expect(block.intersect(AddressSet.empty()).isEmpty()).toBe(true);
    expect(AddressSet.empty().subtract(block).isEmpty()).toBe(true);
    expect(block.intersect(AddressSet.parse('10.0.0.0/8'))).toBe(AddressSet.empty());
    expect(block.subtract(block)).toBe(AddressSet.empty());
  });

  test('leave the operands as they were', () => {
    const union = block.union(AddressSet.parse('198.51.100.0/24'));
    expect(union.toCidrs()).toEqual(['198.51.100.0/24', '203.0.113.0/24']);
    expect(block.toCidrs()).toEqual(['203.0.113.0/24']);
    expect(AddressSet.empty().isEmpty()).toBe(true);
    expect(AddressSet.isAddressSet(union)).toBe(true);
  });
});

describe('describing a set for messages', () => {
  const five = AddressSet.parseAll(['203.0.113.0/24', '198.51.100.7/32', '192.0.2.1', '8.8.8.8', '2001:db8::/48']);

  test.each([
    ['all IPv4', 3, '0.0.0.0/0', AddressSet.allIpv4()],
    ['every address', 3, '0.0.0.0/0, ::/0', AddressSet.all()],
    ['a set of five CIDRs', 3, '8.8.8.8/32, 192.0.2.1/32, 198.51.100.7/32 and 2 more', five],
    ['a set of five CIDRs', 2, '8.8.8.8/32, 192.0.2.1/32 and 3 more', five],
    ['a set of five CIDRs', 5, '8.8.8.8/32, 192.0.2.1/32, 198.51.100.7/32, 203.0.113.0/24, 2001:db8::/48', five],
    ['a set of five CIDRs', 0, '8.8.8.8/32 and 4 more', five],
  ])('%s described with at most %d CIDRs reads %j', (_label, max, text, set) => {
    expect(set.describe(max)).toBe(text);
  });

  test('describe lists at most three CIDRs by default and toString is the same text.', () => {
    expect(five.describe()).toBe('8.8.8.8/32, 192.0.2.1/32, 198.51.100.7/32 and 2 more');
    expect(`${five}`).toBe(five.describe());
  });
});

describe('parsing is memoized', () => {
  test('the same text gives the same immutable set, and an invalid text still throws every time', () => {
    expect(AddressSet.parse('203.0.113.0/24')).toBe(AddressSet.parse('203.0.113.0/24'));
    expect(() => AddressSet.parse('300.0.0.0/8')).toThrow('300.0.0.0/8');
    expect(() => AddressSet.parse('300.0.0.0/8')).toThrow('300.0.0.0/8');
  });
});
