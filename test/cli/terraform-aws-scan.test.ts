import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scan } from '../../src/cli/scan';
import { renderTextReport } from '../../src/core/report';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'terraform-aws');

async function scanned(...paths: string[]) {
  return scan({ paths, cwd: FIXTURES, extraPorts: [], maxFileBytes: 10_000_000 });
}
const pairs = (result: Awaited<ReturnType<typeof scanned>>) => result.result.findings.map(f => `${f.ruleId} ${f.resource}`).sort();

describe('scan: Terraform for AWS through the CLI readers', () => {
  test('a local module is expanded once per call with the inputs the caller passes, named module.<name>.<type>.<name>', async () => {
    const result = await scanned('modules');
    expect(pairs(result)).toEqual([
      'public-ingress module.public.aws_security_group_rule.es',
      'unverifiable-network module.vpc',
    ]);
    expect(result.resourcesChecked.map(r => r.resource)).toEqual(expect.arrayContaining([
      'module.office.aws_security_group.es', 'module.office.aws_security_group_rule.es', 'module.public.aws_security_group.es',
    ]));
  });

  test('a registry module is unverifiable, named with its source', async () => {
    const finding = (await scanned('modules')).result.findings.find(f => f.resource === 'module.vpc');
    expect(finding?.message).toContain('source "terraform-aws-modules/vpc/aws"');
  });

  test('a module directory scanned on its own has unknown variables: unverifiable, never a pass', async () => {
    expect(pairs(await scanned('modules/modules/es-group'))).toEqual(['unverifiable-network aws_security_group_rule.es']);
  });

  test('a .tofu file is read as a Terraform file', async () => {
    const result = await scanned('tofu');
    expect(result.filesScanned).toEqual(['tofu/main.tofu']);
    expect(pairs(result)).toEqual(['public-ingress aws_security_group.es']);
  });

  test('no silent pass: the summary names the types seen and not modelled, and an ECS service is unverifiable-network', async () => {
    const result = await scanned('silent');
    expect(pairs(result)).toEqual(['unverifiable-network aws_ecs_service.es']);
    expect(result.unmodelledResourceTypes).toEqual(['aws_ecs_service', 'aws_s3_bucket']);
    const text = renderTextReport({ ...result, failOn: 'error' });
    expect(text).toContain('Resource types seen and not modelled: aws_ecs_service (can open a path to a cluster), aws_s3_bucket.');
  });

  test('a resource block given as an array of objects, one type in several elements: every group is judged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'label-arrays-'));
    const group = (name: string, cidr: string) => ({ [name]: { name, vpc_id: 'vpc-1', ingress: [{ from_port: 9200, to_port: 9200, protocol: 'tcp', cidr_blocks: [cidr] }] } });
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({
      resource: [{ aws_security_group: group('open', '0.0.0.0/0') }, { aws_security_group: group('closed', '10.0.0.0/8') }],
    }, undefined, 2));
    const result = await scan({ paths: [dir], cwd: dir, extraPorts: [], maxFileBytes: 10_000_000 });
    expect(result.resourcesChecked.map(r => r.resource).sort()).toEqual(['aws_security_group.closed', 'aws_security_group.open']);
    expect(pairs(result)).toEqual(['public-ingress aws_security_group.open']);
  });
});
