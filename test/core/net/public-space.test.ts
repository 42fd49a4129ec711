import { AddressSet } from '../../../src/core/net/address-set';
import {
  BROAD_PUBLIC_IPV4_LIMIT, BROAD_PUBLIC_IPV6_LIMIT, isBroadPublic, isPublicAddress, NON_PUBLIC_BLOCKS, NON_PUBLIC_RANGES, publicAddresses, publicPart,
} from '../../../src/core/net/public-space';

describe('the non-public ranges as numbers', () => {
  test('each block is the range its text names, in the same order', () => {
    expect(NON_PUBLIC_BLOCKS).toHaveLength(NON_PUBLIC_RANGES.length);
    NON_PUBLIC_RANGES.forEach((text, i) => {
      const { family, base, prefix } = NON_PUBLIC_BLOCKS[i];
      const size = 2n ** BigInt((family === 'ipv4' ? 32 : 128) - prefix);
      const block = family === 'ipv4' ? AddressSet.fromIntervals([{ start: base, end: base + size - 1n }], [])
        : AddressSet.fromIntervals([], [{ start: base, end: base + size - 1n }]);
      expect([text, block.toCidrs()]).toEqual([text, AddressSet.parse(text).toCidrs()]);
    });
  });

  test('the public space is every address outside the parsed texts', () => {
    expect(publicAddresses().equals(AddressSet.all().subtract(AddressSet.parseAll(NON_PUBLIC_RANGES)))).toBe(true);
  });
});

describe('public address space', () => {
  // For every non-global range of the spec: the address just below, the first and last inside, the one just above.
  test.each([
    ['0.0.0.0', false], ['0.255.255.255', false], ['1.0.0.0', true],
    ['9.255.255.255', true], ['10.0.0.0', false], ['10.255.255.255', false], ['11.0.0.0', true],
    ['100.63.255.255', true], ['100.64.0.0', false], ['100.127.255.255', false], ['100.128.0.0', true],
    ['126.255.255.255', true], ['127.0.0.0', false], ['127.255.255.255', false], ['128.0.0.0', true],
    ['169.253.255.255', true], ['169.254.0.0', false], ['169.254.255.255', false], ['169.255.0.0', true],
    ['172.15.255.255', true], ['172.16.0.0', false], ['172.31.255.255', false], ['172.32.0.0', true],
    ['191.255.255.255', true], ['192.0.0.0', false], ['192.0.0.255', false], ['192.0.1.0', true],
    ['192.0.1.255', true], ['192.0.2.0', false], ['192.0.2.255', false], ['192.0.3.0', true],
    ['192.167.255.255', true], ['192.168.0.0', false], ['192.168.255.255', false], ['192.169.0.0', true],
    ['198.17.255.255', true], ['198.18.0.0', false], ['198.19.255.255', false], ['198.20.0.0', true],
    ['198.51.99.255', true], ['198.51.100.0', false], ['198.51.100.255', false], ['198.51.101.0', true],
    ['203.0.112.255', true], ['203.0.113.0', false], ['203.0.113.255', false], ['203.0.114.0', true],
    ['223.255.255.255', true], ['224.0.0.0', false], ['239.255.255.255', false],
    ['240.0.0.0', false], ['255.255.255.255', false],
    ['8.8.8.8', true], ['1.1.1.1', true], ['52.94.76.1', true],
    ['::', false], ['::1', false], ['::2', true],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['fc00::', false],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false], ['fe00::', true],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['fe80::', false],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false], ['fec0::', true],
    ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['ff00::', false], ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', true], ['2001:db8::', false],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', false], ['2001:db9::', true],
    ['ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true], ['100::', false], ['100::ffff:ffff:ffff:ffff', false], ['100:0:0:1::', true],
    ['::ffff:10.0.0.1', false], ['::ffff:8.8.8.8', true], ['::ffff:0.0.0.0', false],
    ['::fffe:ffff:ffff', true], ['::1:0:0:0', true],
    ['2606:4700::1111', true], ['2001:4860:4860::8888', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  test('the public IPv4 space is all IPv4 minus the sizes of the fourteen non-global ranges.', () => {
    const nonGlobal = 3n * 2n ** 24n + 2n ** 22n + 2n * 2n ** 16n + 2n ** 20n + 4n * 256n + 2n ** 17n + 2n * 2n ** 28n;
    expect(publicAddresses().ipv4Size()).toBe(2n ** 32n - nonGlobal);
  });

  test('the public IPv6 space is all IPv6 minus the mapped /96 and the seven non-global ranges.', () => {
    const nonGlobal = 2n ** 32n + 1n + 1n + 2n ** 121n + 2n ** 118n + 2n ** 120n + 2n ** 96n + 2n ** 64n;
    expect(publicAddresses().ipv6Size()).toBe(2n ** 128n - nonGlobal);
  });

  test('the public space is computed once and then reused.', () => {
    expect(publicAddresses()).toBe(publicAddresses());
  });

  test('the public part of a mixed set keeps only the public addresses.', () => {
    const set = AddressSet.parseAll(['10.0.0.0/8', '8.8.8.0/24', 'fc00::/7', '2600::/64']);
    expect(publicPart(set).toCidrs()).toEqual(['8.8.8.0/24', '2600::/64']);
  });
});

describe('broad public sources', () => {
  test('the thresholds are 256 IPv4 addresses and a /64 of IPv6.', () => {
    expect(BROAD_PUBLIC_IPV4_LIMIT).toBe(256n);
    expect(BROAD_PUBLIC_IPV6_LIMIT).toBe(2n ** 64n);
  });

  test.each([
    [['0.0.0.0/0'], true],
    [['0.0.0.0/1', '128.0.0.0/1'], true],
    [['::/0'], true],
    [['2000::/3'], true],
    [['::ffff:0:0/96'], true],
    [['8.8.8.0/24'], false],
    [['8.8.8.0/23'], true],
    [['8.8.8.0/24', '9.9.9.9/32'], true],
    [['8.8.8.0/25', '8.8.8.128/25'], false],
    [['::ffff:8.8.8.0/120'], false],
    [['::ffff:8.8.8.0/119'], true],
    [['2600::/64'], false],
    [['2600::/63'], true],
    [['10.0.0.0/8'], false],
    [['10.0.0.0/8', '192.168.0.0/16', '8.8.8.8'], false],
    [['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24'], false],
    [['224.0.0.0/3'], false],
    [['100.64.0.0/10'], false],
    [['fc00::/7', 'fe80::/10', 'ff00::/8'], false],
    [['2001:db8::/32'], false],
    [['100::/64'], false],
    // 100::/63 is the private discard /64 plus exactly one public /64, which is not more than a /64.
    [['100::/63'], false],
    [['100::/62'], true],
    [[], false],
  ])('the sources %j are a broad public source: %s', (cidrs, expected) => {
    expect(isBroadPublic(AddressSet.parseAll(cidrs))).toBe(expected);
  });
});
