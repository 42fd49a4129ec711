import { GuardrailsInputError } from '../../../src/core/errors';
import { PortSet } from '../../../src/core/net/port-set';

describe('parsing port text', () => {
  test.each([
    ['*', '*'],
    [' * ', '*'],
    ['9200', '9200'],
    ['0', '0'],
    ['65535', '65535'],
    ['9200-9300', '9200-9300'],
    ['  9200 - 9300 ', '9200-9300'],
    ['443-443', '443'],
    ['0-65535', '*'],
    ['080', '80'],
  ])('%j parses to %j', (text, expected) => {
    expect(PortSet.parse(text).toString()).toBe(expected);
  });

  test.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['-1', '-1 is negative'],
    ['5--3', '-3 is negative'],
    ['65536', '65536 is out of range 0-65535'],
    ['99999999999999999999', 'is out of range 0-65535'],
    ['80.5', '"80.5" is not a whole number'],
    ['1e3', '"1e3" is not a whole number'],
    ['+80', '"+80" is not a whole number'],
    ['http', '"http" is not a whole number'],
    ['80-', '"80-" is not a whole number'],
    ['1-2-3', '"2-3" is not a whole number'],
    ['9300-9200', 'the range starts after it ends (9300 > 9200)'],
    ['80-65536', '65536 is out of range 0-65535'],
    ['80,443', '"80,443" is not a whole number'],
  ])('parsing %j throws an invalid-port error that names the value and says "%s"', (text, why) => {
    let thrown: unknown;
    try {
      PortSet.parse(text);
    } catch (error) {
      thrown = error;
    }
    expect(GuardrailsInputError.isGuardrailsInputError(thrown)).toBe(true);
    expect((thrown as GuardrailsInputError).code).toBe('invalid-port');
    expect((thrown as Error).message).toContain(`Invalid port ${JSON.stringify(text)}`);
    expect((thrown as Error).message).toContain(why);
  });

  test('a value that is not text at all is rejected with a clear message', () => {
    expect(() => PortSet.parse(9200 as unknown as string)).toThrow('Invalid port "9200": it is not text');
  });

  test('parseList is the union of every text in the list.', () => {
    expect(PortSet.parseList(['443', '80', '9200-9300', '9250-9400']).toString()).toBe('80, 443, 9200-9400');
    expect(PortSet.parseList([]).isEmpty()).toBe(true);
    expect(() => PortSet.parseList(['80', 'x'])).toThrow('Invalid port "x"');
  });
});

describe('building port sets from numbers', () => {
  test.each([
    [() => PortSet.range(-1, 5), 'Invalid port "-1-5": -1 is out of range 0-65535'],
    [() => PortSet.range(5, 70000), 'Invalid port "5-70000": 70000 is out of range 0-65535'],
    [() => PortSet.range(10, 5), 'Invalid port "10-5": the range starts after it ends (10 > 5)'],
    [() => PortSet.range(1.5, 5), 'Invalid port "1.5-5": 1.5 is not a whole number'],
    [() => PortSet.of(80, NaN), 'Invalid port "NaN": NaN is not a whole number'],
    [() => PortSet.of(65536), 'Invalid port "65536": 65536 is out of range 0-65535'],
  ])('%s throws %j', (build, message) => {
    expect(build).toThrow(message);
  });

  test('fromIntervals sorts and merges intervals and rejects bounds outside 0-65535.', () => {
    expect(PortSet.fromIntervals([{ start: 9300, end: 9300 }, { start: 9200, end: 9299 }, { start: 80, end: 80 }]).toString())
      .toBe('80, 9200-9300');
    expect(() => PortSet.fromIntervals([{ start: 0, end: 65536 }])).toThrow('Invalid port "0-65536"');
  });

  test('of and range build the listed ports, merging neighbours.', () => {
    expect(PortSet.of(443, 80, 81, 80).toString()).toBe('80-81, 443');
    expect(PortSet.range(9200, 9300).union(PortSet.of(5601)).toString()).toBe('5601, 9200-9300');
    expect(PortSet.range(0, 65535).equals(PortSet.all())).toBe(true);
  });
});

describe('port set operations', () => {
  const cluster = PortSet.of(5601, 9200, 9300);

  test('has tells whether one port is in the set.', () => {
    expect(cluster.has(9200)).toBe(true);
    expect(cluster.has(9201)).toBe(false);
    expect(PortSet.all().has(0)).toBe(true);
    expect(PortSet.empty().has(0)).toBe(false);
  });

  test('intersecting a rule range with the cluster ports keeps only the cluster ports in it.', () => {
    expect(PortSet.parse('9000-9250').intersect(cluster).toString()).toBe('9200');
    expect(PortSet.parse('*').intersect(cluster).equals(cluster)).toBe(true);
  });

  test('subtracting a deny range leaves the rest of an allow range.', () => {
    expect(PortSet.all().subtract(PortSet.range(1, 65534)).toString()).toBe('0, 65535');
    expect(PortSet.all().subtract(PortSet.all()).isEmpty()).toBe(true);
  });

  test('the empty set reads none and has size zero, and all ports has size 65536.', () => {
    expect(PortSet.empty().toString()).toBe('none');
    expect(PortSet.empty().size()).toBe(0);
    expect(PortSet.all().size()).toBe(65536);
    expect(PortSet.empty().isEmpty()).toBe(true);
    expect(cluster.isEmpty()).toBe(false);
  });

  test('isPortSet recognizes port sets by brand, not by class identity.', () => {
    expect(PortSet.isPortSet(cluster)).toBe(true);
    expect(PortSet.isPortSet({ intervals: [] })).toBe(false);
    expect(PortSet.isPortSet(undefined)).toBe(false);
  });
});

describe('port parsing is memoized', () => {
  test('the same text gives the same immutable set, and an invalid text still throws every time', () => {
    expect(PortSet.parse('9200-9300')).toBe(PortSet.parse('9200-9300'));
    expect(() => PortSet.parse('70000')).toThrow('70000');
    expect(() => PortSet.parse('70000')).toThrow('70000');
  });
});

describe('ranges and their texts are shared', () => {
  test('the same range gives the same set, and neighbouring ranges never share one', () => {
    expect(PortSet.range(443, 443)).toBe(PortSet.range(443, 443));
    expect(PortSet.range(443, 444).toString()).toBe('443-444');
    expect(PortSet.range(443, 443).toString()).toBe('443');
    expect(PortSet.range(442, 443).toString()).toBe('442-443');
    // from * 65536 + to: the largest `to` of one `from` never meets the smallest of the next.
    expect(PortSet.range(0, 65535).toString()).toBe('*');
    expect(PortSet.range(1, 1).toString()).toBe('1');
    expect(PortSet.range(0, 65534).toString()).toBe('0-65534');
  });

  test('a set made by union renders its own text, not one of its operands', () => {
    const a = PortSet.range(9200, 9200);
    expect(a.toString()).toBe('9200');
    expect(a.union(PortSet.of(5601)).toString()).toBe('5601, 9200');
    expect(a.union(PortSet.empty())).toBe(a);
    expect(PortSet.empty().union(a)).toBe(a);
    expect(a.toString()).toBe('9200');
  });

  test('a shared range does not depend on which call came first: -0 and 0 give the same set, bounded at 0', () => {
    const negativeZeroFirst = PortSet.range(-0, 7);
    expect(PortSet.range(0, 7)).toBe(negativeZeroFirst);
    expect(Object.is(negativeZeroFirst.intervals[0].start, 0)).toBe(true);
    expect(negativeZeroFirst.toString()).toBe('0-7');
  });

  test('two equal sets stay deeply equal once one of them has been rendered', () => {
    const rendered = PortSet.fromIntervals([{ start: 80, end: 81 }]);
    expect(rendered.toString()).toBe('80-81');
    expect(rendered).toEqual(PortSet.fromIntervals([{ start: 80, end: 81 }]));
  });
});
