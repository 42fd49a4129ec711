import { terraformJsonDocument, terraformJsonModuleFile } from '../../../src/cli/readers/terraform-json';

describe('Terraform JSON resource lines', () => {
  const text = JSON.stringify({
    variable: { x: {} },
    resource: { a_type: { x: { count: 2, name: 'n' }, y: { for_each: { k: 1 }, name: 'm' } }, b_type: { x: { name: 'o' } } },
  }, undefined, 1);
  const lineOfKey = (key: string, after: number) => text.split('\n').findIndex((l, i) => i >= after && l.trim().startsWith(`"${key}": {`)) + 1;
  const resourceLine = lineOfKey('resource', 0);
  const expected = {
    'a_type.x[0]': lineOfKey('x', resourceLine),
    'a_type.x[1]': lineOfKey('x', resourceLine),
    'a_type.y["k"]': lineOfKey('y', resourceLine),
    'b_type.x': lineOfKey('x', lineOfKey('b_type', resourceLine)),
  };

  test('each instance of a counted or for_each resource takes the line of its block, in a document and in a module', () => {
    expect(new Set(Object.values(expected)).size).toBe(3);
    const document = terraformJsonDocument(JSON.parse(text), text, { file: 'main.tf.json' });
    expect(Object.fromEntries(document.resources.map(r => [r.address, r.line]))).toEqual(expected);
  });

  test('a module file built for several calls gives every call the lines of its blocks', () => {
    const file = terraformJsonModuleFile(JSON.parse(text), text, 'modules/m/main.tf.json');
    for (const prefix of ['module.a.', 'module.b["k"].']) {
      const resources = file.build({ addressPrefix: prefix }).resources;
      expect(Object.fromEntries(resources.map(r => [r.address.slice(prefix.length), r.line]))).toEqual(expected);
    }
  });
});

describe('Terraform JSON locals of a module file', () => {
  test('a local named __proto__ or constructor is a local like any other, in one block or several (later blocks win)', () => {
    const one = '{"locals": {"__proto__": "0.0.0.0/0", "constructor": "10.0.0.0/8"}}';
    const locals = terraformJsonModuleFile(JSON.parse(one), one, 'main.tf.json').locals;
    expect(Object.getOwnPropertyDescriptor(locals, '__proto__')?.value).toBe('0.0.0.0/0');
    expect(Object.getOwnPropertyDescriptor(locals, 'constructor')?.value).toBe('10.0.0.0/8');
    const several = '{"locals": [{"__proto__": "a", "x": 1}, {"__proto__": "b"}]}';
    const merged = terraformJsonModuleFile(JSON.parse(several), several, 'main.tf.json').locals;
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toBe('b');
    expect(merged.x).toBe(1);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
