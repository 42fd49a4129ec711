import { classifyServiceTag } from '../../../src/core/exposure/service-tags';

describe('service tag classes', () => {
  test.each([
    ['*', 'any'], ['Any', 'any'], [' ANY ', 'any'],
    ['Internet', 'internet'], ['INTERNET', 'internet'],
    ['VirtualNetwork', 'private'], ['virtual_network', 'private'], ['AzureLoadBalancer', 'private'], ['AZURE_LOADBALANCER', 'private'],
    ['AzureCloud', 'broad-public'], ['Storage.WestEurope', 'broad-public'], ['', 'broad-public'], ['Internet2', 'broad-public'],
  ])('%j is %s, asked once or again, in any order', (tag, expected) => {
    expect(classifyServiceTag(tag)).toBe(expected);
    expect(classifyServiceTag(tag)).toBe(expected);
    expect(classifyServiceTag(tag.toUpperCase())).toBe(expected);
    expect(classifyServiceTag(tag)).toBe(expected);
  });

  test('more distinct tags than the cache holds are each classified by their own text', () => {
    for (let i = 0; i < 25_000; i++) {
      expect(classifyServiceTag(i % 3 === 0 ? `Internet${' '.repeat(i % 5)}` : `Tag${i}`)).toBe(i % 3 === 0 ? 'internet' : 'broad-public');
    }
    expect(classifyServiceTag('VirtualNetwork')).toBe('private');
  });
});
