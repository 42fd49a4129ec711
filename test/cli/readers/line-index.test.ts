import * as fc from 'fast-check';
import {
  cloudFormationJsonLines, jsonKeyLines, LineCounter, terraformHclLines, terraformJsonLines, terraformPlanLines,
} from '../../../src/cli/readers/line-index';

describe('resource lines', () => {
  test('a logical id is found under Resources, not where it is only referenced before', () => {
    const text = [
      '{',
      '  "Outputs": { "Out": { "Value": { "Ref": "Sg" } } },',
      '  "Resources": {',
      '    "Other": { "Type": "X", "DependsOn": ["Sg"] },',
      '    "Sg": {',
      '      "Type": "AWS::EC2::SecurityGroup"',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(cloudFormationJsonLines(text, ['Other', 'Sg', 'Missing'])).toEqual({ Other: 4, Sg: 5 });
  });

  test('a logical id that is also a property name of an earlier resource is found at its own depth', () => {
    const text = [
      '{',
      ' "Metadata": { "Resources": { "Sg": 1 } },',
      ' "Resources": {',
      '  "Other": {',
      '   "Properties": { "Sg": { "Ref": "Sg" }, "Tags": [ { "Key": "Sg" } ] }',
      '  },',
      '  "Sg": { "Type": "AWS::EC2::SecurityGroup" }',
      ' }',
      '}',
    ].join('\n');
    expect(cloudFormationJsonLines(text, ['Other', 'Sg'])).toEqual({ Other: 4, Sg: 7 });
  });

  test('keys with escapes and strings with braces, brackets, commas and escaped quotes do not confuse the scan', () => {
    const text = '{\n "Resources": {\n  "A": { "Description": "x\\" }, {[ \\\\", "B": 1 },\n  "Q\\u0041": {}\n }\n}';
    expect(JSON.parse(text).Resources).toHaveProperty('QA');
    expect(cloudFormationJsonLines(text, ['A', 'B', 'QA'])).toEqual({ A: 3, QA: 4 });
  });

  test('every logical id of a minified template is on line 1', () => {
    const template = { Resources: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`R${i}`, { Type: 'X', Properties: { Ref: `R${i + 1}` } }])) };
    const lines = cloudFormationJsonLines(JSON.stringify(template), Object.keys(template.Resources));
    expect(Object.keys(lines)).toHaveLength(50);
    expect(new Set(Object.values(lines))).toEqual(new Set([1]));
  });

  test('each logical id of a pretty-printed template is on the line where its key is written', () => {
    const template = {
      Parameters: { R3: { Type: 'String' } },
      Resources: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`R${i}`, { Type: 'X', DependsOn: [`R${(i + 7) % 30}`], Properties: { [`R${(i + 3) % 30}`]: { Ref: `R${i}` } } }])),
    };
    const text = JSON.stringify(template, undefined, 1);
    const textLines = text.split('\n');
    const lines = cloudFormationJsonLines(text, Object.keys(template.Resources));
    for (const id of Object.keys(template.Resources)) {
      expect(textLines[lines[id] - 1]).toBe(`  ${JSON.stringify(id)}: {`);
    }
  });

  test('a Terraform JSON resource is found under its type', () => {
    const text = '{\n "resource": {\n  "a_type": {\n   "x": {}\n  },\n  "b_type": {\n   "x": {}\n  }\n }\n}';
    expect(Object.fromEntries(terraformJsonLines(text))).toEqual({ 'a_type.x': 4, 'b_type.x': 7 });
  });

  test('a Terraform JSON resource written as arrays of blocks is found, and a same-named nested argument is not', () => {
    const text = [
      '{',
      ' "variable": { "x": {} },',
      ' "resource": [',
      '  { "a_type": [ { "y": { "x": "${a_type.x.id}" } },',
      '    { "x": {} } ] }',
      ' ]',
      '}',
    ].join('\n');
    expect(Object.fromEntries(terraformJsonLines(text))).toEqual({ 'a_type.x': 5, 'a_type.y': 4 });
  });

  test('the first of two equal keys wins, and keys outside the section are not reported', () => {
    expect([...jsonKeyLines('{"a":{"k":1},\n"s":{"k":1,\n"k":2}}', 's', 1)]).toEqual([['k', 2]]);
  });

  test('an HCL resource block is found by its labels', () => {
    expect(Object.fromEntries(terraformHclLines('variable "x" {}\n\nresource "azurerm_network_security_group" "es" {\n}\n  resource "a" "b" {}\n')))
      .toEqual({ 'azurerm_network_security_group.es': 3, 'a.b': 5 });
  });

  test('values that can hold no wanted key are skipped, and the lines they span still count', () => {
    const text = [
      '{',
      ' "Parameters": {',
      '  "Sg": { "Default": "{[\\"" }',
      ' },',
      ' "Resources": {',
      '  "Other": {',
      '   "Properties": { "Nested": [ { "Sg": 1 },',
      '     { "Deeper": { "Sg": [ "}", "]" ] } } ] }',
      '  },',
      '  "Sg": { "Type": "AWS::EC2::SecurityGroup" }',
      ' },',
      ' "Outputs": { "Late": { "Value": 1 } }',
      '}',
    ].join('\n');
    expect([...jsonKeyLines(text, 'Resources', 1)]).toEqual([['Other', 6], ['Sg', 10]]);
  });

  test('a skipped value with a very long array, long runs, escapes before quotes and backslashes before line separators is skipped whole', () => {
    // JSON text: "v0\\" (a backslash, then the closing quote), a run of spaces, "\\\"}]" + U+2028, a string "\\".
    const long = Array.from({ length: 300_000 }, (_, i) => `"v${i}\\\\"`).join(',');
    const text = [
      '{ "Resources": {',
      `  "Big": { "A": [${long}], "B": "${' '.repeat(100_000)}", "C": "\\\\\\"}]\u2028", "D": [[{}], [], {"E": "\\\\"}] },`,
      '  "Sg": { "Type": "AWS::EC2::SecurityGroup" }',
      '} }',
    ].join('\n');
    expect(JSON.parse(text).Resources.Big.C).toBe('\\"}]\u2028');
    expect([...jsonKeyLines(text, 'Resources', 1)]).toEqual([['Big', 2], ['Sg', 3]]);
  });

  test('a skipped string of millions of escapes (a large JSON document embedded as a string value) is skipped whole, with no stack overflow', () => {
    // 4 million `\"`: the scan stopped with "internal error: Maximum call stack size exceeded".
    const embedded = JSON.stringify(JSON.stringify(Array.from({ length: 1_000_000 }, () => ({ t: 'm' }))));
    const text = [
      '{ "Resources": {',
      `  "Dashboard": { "Type": "AWS::CloudWatch::Dashboard", "Properties": { "DashboardBody": ${embedded}, "Many": [${'"\\\\\\"",'.repeat(100)}"x\\""] } },`,
      '  "Sg": { "Type": "AWS::EC2::SecurityGroup" }',
      '} }',
    ].join('\n');
    expect(Object.keys(JSON.parse(text).Resources)).toEqual(['Dashboard', 'Sg']);
    expect(cloudFormationJsonLines(text, ['Dashboard', 'Sg'])).toEqual({ Dashboard: 2, Sg: 3 });
  });

  test('a value that never closes (text JSON.parse refused) ends the scan without a line for what follows', () => {
    expect([...jsonKeyLines('{ "Resources": { "A": { "B": "open', 'Resources', 1)]).toEqual([['A', 1]]);
    expect([...jsonKeyLines('{ "Resources": { "A": [ { "B": 1 }, "C": 2', 'Resources', 1)]).toEqual([['A', 1]]);
  });

  test('the line counter jumps between newlines and knows a text without any', () => {
    const counter = new LineCounter('a\nb\n\nc');
    expect([0, 1, 2, 3, 4, 5, 6].map(o => counter.lineAt(o))).toEqual([1, 1, 2, 2, 3, 4, 4]);
    expect(new LineCounter('{"x":1}').lineAt(5)).toBe(1);
  });

  test('plan addresses take the line of their first "address" key; escapes are decoded, other strings ignored', () => {
    const text = [
      '{"planned_values": {"root_module": {"resources": [',
      '  {"address": "a.x", "values": {"description": "\\"address\\": \\"b.y\\""}},',
      '  {"address" : "b.y[\\"k\\"]"}',
      ']}},',
      '"resource_changes": [{"address": "a.x"}, {"address": "c.z"}]}',
    ].join('\n');
    expect(JSON.parse(text).planned_values.root_module.resources[1].address).toBe('b.y["k"]');
    expect([...terraformPlanLines(text)]).toEqual([['a.x', 2], ['b.y["k"]', 3], ['c.z', 5]]);
    expect([...terraformPlanLines(text.replace(/\n/g, ' '))].map(([, line]) => line)).toEqual([1, 1, 1]);
  });

  test('plan lines asked for some addresses stop once each is found, at its first appearance', () => {
    const text = [
      '{"planned_values": {"root_module": {"resources": [{"address": "a.x"}, {"address": "b.y"}]}},',
      '"resource_changes": [{"address": "b.y"}, {"address": "c.z"}],',
      '"prior_state": {"values": {"root_module": {"resources": [{"address": "a.x"}]}}}}',
    ].join('\n');
    expect(terraformPlanLines(text, new Set(['a.x'])).get('a.x')).toBe(1);
    expect(terraformPlanLines(text, new Set(['a.x'])).has('c.z')).toBe(false);
    const some = terraformPlanLines(text, new Set(['b.y', 'c.z', 'd.missing']));
    expect([some.get('b.y'), some.get('c.z'), some.has('d.missing')]).toEqual([1, 2, false]);
    const oneLine = `${text.replace(/\n/g, ' ')}\n`;
    expect([...terraformPlanLines(oneLine, new Set(['a.x', 'c.z']))]).toEqual([['a.x', 1], ['c.z', 1]]);
  });

  test('CRLF line endings and a byte order mark give the lines LF gives, in JSON, HCL and plans', () => {
    const json = '{\n "resource": {\n  "a_type": {\n   "x": { "d": "[\\r\\n{" },\n   "y": {}\n  }\n }\n}';
    const hcl = 'variable "v" {}\n\nresource "a_type" "x" {\n}\n';
    const plan = '{"planned_values": {"root_module": {"resources": [\n{"address": "a.x"},\n{"address": "b.y"}]}}}\n';
    for (const convert of [(t: string) => t.replace(/\n/g, '\r\n'), (t: string) => `\ufeff${t}`]) {
      expect(terraformJsonLines(convert(json))).toEqual(terraformJsonLines(json));
      expect(terraformHclLines(convert(hcl))).toEqual(terraformHclLines(hcl));
      expect(terraformPlanLines(convert(plan), new Set(['a.x', 'b.y']))).toEqual(terraformPlanLines(plan, new Set(['a.x', 'b.y'])));
    }
    expect(Object.fromEntries(terraformJsonLines(json))).toEqual({ 'a_type.x': 4, 'a_type.y': 5 });
    expect(Object.fromEntries(terraformPlanLines(plan, new Set(['a.x', 'b.y'])))).toEqual({ 'a.x': 2, 'b.y': 3 });
  });

  test('any template, printed with any indentation, gets each logical id the line of its own key under Resources', () => {
    const id = fc.constantFrom('A', 'B', 'Sg', 'Resources', 'Type', 'x"y', 'a\\b', '{', 'é');
    const leaf = fc.oneof(fc.integer(), id, fc.constant('}]",'), fc.constant(null));
    const value = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(id, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(
      fc.dictionary(id, value, { maxKeys: 3 }), fc.dictionary(id, fc.dictionary(id, value, { maxKeys: 3 }), { maxKeys: 5 }),
      fc.dictionary(id, value, { maxKeys: 3 }), fc.constantFrom(0, 1, 2, 4),
      (before, resources, after, indent) => {
        const others = (o: Record<string, unknown>) => Object.entries(o).filter(([k]) => k !== 'Resources');
        const template = Object.fromEntries([...others(before), ['Resources', resources], ...others(after)]);
        const text = JSON.stringify(template, undefined, indent);
        const lines = cloudFormationJsonLines(text, Object.keys(template.Resources));
        const textLines = text.split('\n');
        const expected: Record<string, number> = {};
        if (indent === 0) {
          Object.keys(template.Resources).forEach(k => expected[k] = 1);
        } else {
          const start = textLines.indexOf(`${' '.repeat(indent)}"Resources": {`);
          for (const k of Object.keys(template.Resources)) {
            const at = textLines.findIndex((l, i) => i > start && l.startsWith(`${' '.repeat(2 * indent)}${JSON.stringify(k)}: `));
            expected[k] = at + 1;
          }
        }
        expect(lines).toEqual(expected);
      },
    ), { numRuns: 300 });
  });
});

