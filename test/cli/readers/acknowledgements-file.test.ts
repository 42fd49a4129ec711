import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readAcknowledgementsFile } from '../../../src/cli/readers/acknowledgements-file';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'sg-acks-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return readAcknowledgementsFile(join(dir, name), name, 1024 * 1024);
};

describe('acknowledgements file', () => {
  test('a YAML list becomes acknowledgements scoped to the resource, with the file and entry as origin', async () => {
    await expect(read('a.yaml', '- ruleId: public-allowlist\n  resource: module.search\n  reason: The office range is fixed by contract\n'))
      .resolves.toEqual([{ ruleId: 'public-allowlist', reason: 'The office range is fixed by contract', scope: { resource: 'module.search' }, origin: 'a.yaml entry 1' }]);
  });

  test('a JSON object with an acknowledgements list and narrower scopes is read too', async () => {
    const acks = await read('a.json', JSON.stringify({ acknowledgements: [{ ruleId: 'unverifiable-network', resource: 'Sg', stack: 'Prod', reason: 'Set by the pipeline per account' }] }));
    expect(acks[0].scope).toEqual({ resource: 'Sg', stack: 'Prod' });
  });

  test('a rule that cannot be acknowledged is refused, naming the rule', async () => {
    await expect(read('r.yaml', '- ruleId: public-ingress\n  resource: Sg\n  reason: we want it open to everyone\n'))
      .rejects.toThrow(/^r\.yaml: entry 1 acknowledges "public-ingress", which is refused: public-ingress cannot be acknowledged/);
  });

  test.each([
    ['unknown rule', '- ruleId: open-ports\n  resource: Sg\n  reason: long enough reason\n', /acknowledges "open-ports", which is refused: "open-ports" is no rule of the catalogue/],
    ['short reason', '- ruleId: public-allowlist\n  resource: Sg\n  reason: ok\n', /refused: the reason must have at least 10 characters/],
    ['no scope', '- ruleId: public-allowlist\n  reason: long enough reason\n', /refused: its scope names no construct path or resource address/],
    ['a resource type as scope', '- ruleId: public-allowlist\n  resource: azurerm_network_security_group\n  reason: long enough reason\n', /refused: its scope "azurerm_network_security_group" is a resource type, which would cover every resource of that type/],
    ['a file alone as scope', '- ruleId: public-allowlist\n  file: main.tf.json\n  reason: long enough reason\n', /refused: its scope is file "main.tf.json" alone/],
    ['unknown key', '- rule: public-allowlist\n  resource: Sg\n  reason: long enough reason\n', /entry 1 has an unknown key "rule"/],
    ['not a list', 'ruleId: public-allowlist\n', /holds no list of acknowledgements/],
    ['invalid YAML', '- ruleId: [\n', /is not valid YAML \(.* at line \d+\)/],
    ['a number as resource', '- ruleId: public-allowlist\n  resource: 12\n  reason: long enough reason\n', /entry 1: resource must be a string/],
  ])('%s is an input error', async (_name, content, message) => {
    await expect(read('bad.yaml', content)).rejects.toThrow(message);
  });
});
