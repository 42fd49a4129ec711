import * as fs from 'fs';
import * as path from 'path';
import { terraformHclDocument, terraformJsonDocument } from '../../../../src/cli/readers/terraform-json';
import { terraformPlanDocument } from '../../../../src/cli/readers/terraform-plan';
import { evaluate } from '../../../../src/core/engine';
import { Finding } from '../../../../src/core/findings/finding';
import { InfrastructureModel } from '../../../../src/core/model/model';
import { canOpenPath } from '../../../../src/core/model/path-types';
import { cloudFormationToModel } from '../../../../src/formats/cloudformation';
import { TerraformDocumentInput, terraformJsonToDocument, terraformToModel } from '../../../../src/formats/terraform';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'terraform-aws');
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8');

async function hclModel(): Promise<InfrastructureModel> {
  return terraformToModel([await terraformHclDocument(read('hcl/main.tf'), 'hcl/main.tf')]);
}
function jsonModel(): InfrastructureModel {
  const text = read('json/main.tf.json');
  return terraformToModel([terraformJsonDocument(JSON.parse(text), text, { file: 'json/main.tf.json' })]);
}
function planModel(): InfrastructureModel {
  return terraformToModel([terraformPlanDocument(JSON.parse(read('plan/plan.json')), 'plan/plan.json')]);
}
function modelOf(resource: Record<string, unknown>): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })]);
}
const findings = (model: InfrastructureModel): Finding[] => [...evaluate(model).findings];
const pairs = (model: InfrastructureModel) => findings(model).map(f => `${f.ruleId} ${f.resource}`).sort();

/** What the HCL and Terraform JSON fixtures must both report: every resource kind once. */
const EXPECTED = [
  'anonymous-access aws_opensearch_domain.public',
  'anonymous-access aws_opensearchserverless_collection.logs',
  'audit-logging-disabled aws_elasticsearch_domain.private',
  'audit-logging-disabled aws_opensearch_domain.public',
  'public-endpoint aws_opensearch_domain.public',
  'public-endpoint aws_opensearchserverless_security_policy.public',
  'public-ingress aws_security_group.open',
  'public-ingress aws_security_group_rule.from_prefix_list',
  'public-ingress aws_security_group_rule.https_split_low',
  'public-ingress aws_vpc_security_group_ingress_rule.https_split_high',
  'public-ingress aws_vpc_security_group_ingress_rule.ipv6_everyone',
  'transport-unencrypted aws_elasticsearch_domain.private',
  'unencrypted-at-rest aws_opensearch_domain.public',
];

describe('Terraform for AWS: every resource kind, in HCL, Terraform JSON and plan JSON', () => {
  test('the HCL fixture reports every exposure of the issue, and no silent pass', async () => {
    expect(pairs(await hclModel())).toEqual(expect.arrayContaining(EXPECTED));
  });

  test('the Terraform JSON fixture reports the same findings as the HCL one', async () => {
    expect(pairs(jsonModel())).toEqual(pairs(await hclModel()));
  });

  test('a security group admitting 0.0.0.0/0 on 9200 is public-ingress with the rule named as CloudFormation names it', async () => {
    const open = (await hclModel()).firewalls.find(f => f.location.resource === 'aws_security_group.open')!;
    expect(open.kind).toBe('aws-security-group');
    expect(open.rules.map(r => r.name)).toEqual([
      'elasticsearch: tcp 9200 from 0.0.0.0/0',
      'tcp 443 from the address space of aws_vpc.main (10.0.0.0/16)',
      'all * from ::/0',
    ]);
  });

  test('the split halves 0.0.0.0/1 and 128.0.0.0/1 in two standalone rules are both reported on the attached group', async () => {
    const model = await hclModel();
    const domain = model.firewalls.find(f => f.location.resource === 'aws_security_group.domain')!;
    expect(domain.rules.map(r => r.origin.resource)).toEqual(expect.arrayContaining([
      'aws_security_group_rule.https_split_low', 'aws_vpc_security_group_ingress_rule.https_split_high',
    ]));
    const messages = findings(model).filter(f => f.resource.includes('https_split')).map(f => f.message);
    expect(messages).toEqual([expect.stringContaining('admits 0.0.0.0/1 to cluster port 443'), expect.stringContaining('admits 128.0.0.0/1 to cluster port 443')]);
  });

  test('::/0 with ip_protocol -1 opens every self-managed port', async () => {
    const finding = findings(await hclModel()).find(f => f.resource === 'aws_vpc_security_group_ingress_rule.ipv6_everyone')!;
    expect(finding.message).toContain('admits ::/0 to cluster ports 5601 (Kibana/Dashboards), 9200');
  });

  test('a managed prefix list is resolved to its entries', async () => {
    const finding = findings(await hclModel()).find(f => f.resource === 'aws_security_group_rule.from_prefix_list')!;
    expect(finding.message).toContain('prefix list aws_ec2_managed_prefix_list.office (0.0.0.0/0)');
  });

  test('a prefix list holds its inline entries and the standalone entries that name it, not those of another list', () => {
    const model = modelOf({
      aws_ec2_managed_prefix_list: {
        a: { name: 'a', address_family: 'IPv4', max_entries: 5, entry: [{ cidr: '10.1.0.0/16' }] },
        b: { name: 'b', address_family: 'IPv4', max_entries: 5 },
      },
      aws_ec2_managed_prefix_list_entry: {
        a2: { prefix_list_id: '${aws_ec2_managed_prefix_list.a.id}', cidr: '10.2.0.0/16' },
        a3: { prefix_list_id: '${aws_ec2_managed_prefix_list.a.id}', cidr: '10.3.0.0/16' },
        b1: { prefix_list_id: '${aws_ec2_managed_prefix_list.b.id}', cidr: '0.0.0.0/0' },
      },
      aws_security_group: {
        es: { ingress: [{ from_port: 9200, to_port: 9200, protocol: 'tcp', prefix_list_ids: ['${aws_ec2_managed_prefix_list.a.id}'] }] },
      },
    });
    const [source] = model.firewalls[0].rules[0].sources;
    expect(source).toEqual(expect.objectContaining({ kind: 'addresses', text: 'prefix list aws_ec2_managed_prefix_list.a (10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16)' }));
    expect(source.kind === 'addresses' && source.addresses.toString()).toBe('10.1.0.0/16, 10.2.0.0/15');
    expect(findings(model)).toEqual([]);
  });

  test('a rule from a VPC\'s cidr_block is a network source, private whatever its numbers, and a group reference is private', () => {
    const model = modelOf({
      aws_vpc: { main: { cidr_block: '52.0.0.0/16' } },
      aws_security_group: { es: { ingress: [{ from_port: 9200, to_port: 9200, protocol: 'tcp', cidr_blocks: ['${aws_vpc.main.cidr_block}'] }] } },
      aws_security_group_rule: { peer: { type: 'ingress', security_group_id: '${aws_security_group.es.id}', from_port: 9200, to_port: 9200, protocol: 'tcp', source_security_group_id: '${aws_security_group.es.id}' } },
    });
    const rules = model.firewalls[0].rules;
    expect(rules[0].sources).toEqual([expect.objectContaining({ kind: 'network', text: 'the address space of aws_vpc.main (52.0.0.0/16)' })]);
    expect(rules[1].sources).toEqual([expect.objectContaining({ kind: 'private', group: expect.stringContaining('aws_security_group.es') })]);
    expect(findings(model)).toEqual([]);
  });

  test('an egress rule never exposes, and an ingress rule on a group outside the input still counts', () => {
    const model = modelOf({
      aws_security_group_rule: {
        out: { type: 'egress', security_group_id: 'sg-123', from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] },
        in: { type: 'ingress', security_group_id: 'sg-123', from_port: 9200, to_port: 9200, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] },
      },
    });
    expect(pairs(model)).toEqual(['public-ingress aws_security_group_rule.in']);
  });

  test('a port from a variable is unverifiable-network, never a pass', () => {
    const model = modelOf({ aws_security_group: { es: { ingress: [{ from_port: '${var.port}', to_port: '${var.port}', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] } } });
    expect(findings(model).map(f => [f.ruleId, f.message])).toEqual([['unverifiable-network', expect.stringContaining('var.port')]]);
  });

  test('a domain in a VPC without security_group_ids is attached to the default group, which is not in the input', () => {
    const model = modelOf({ aws_opensearch_domain: { es: { domain_name: 'es', vpc_options: { subnet_ids: ['subnet-1'] } } } });
    expect(model.clusters[0].attachedFirewalls).toEqual([{ known: false, reason: expect.stringContaining('VPC default security group') }]);
  });

  test('in a plan or state of deployed resources, a literal sg- id names the group of the input that has it', () => {
    const model = modelOf({
      aws_security_group: { es: { id: 'sg-0abc', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] } },
      aws_opensearch_domain: { es: { domain_name: 'es', vpc_options: { subnet_ids: ['subnet-1'], security_group_ids: ['sg-0abc'] } } },
    });
    expect(model.clusters[0].attachedFirewalls).toEqual([{ known: true, value: expect.stringContaining('aws_security_group.es') }]);
  });

  test('a domain policy naming the domain by reference counts as its access policy', async () => {
    const cluster = (await hclModel()).clusters.find(c => c.location.resource === 'aws_elasticsearch_domain.private')!;
    expect(cluster.facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(cluster.facts.fineGrainedAccessControl).toEqual({ known: true, value: true });
    expect(cluster.attachedFirewalls).toEqual([{ known: true, value: expect.stringContaining('aws_security_group.domain') }]);
  });

  test('the messages are the ones the CloudFormation translator gives for the same group', () => {
    const cfn = cloudFormationToModel([{
      file: 't.json',
      template: {
        Resources: {
          Open: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'es', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: '0.0.0.0/0' }],
            },
          },
        },
      },
    }]);
    const tf = modelOf({ aws_security_group: { Open: { ingress: [{ protocol: 'tcp', from_port: 9200, to_port: 9200, cidr_blocks: ['0.0.0.0/0'] }] } } });
    const cfnMessages = findings(cfn).map(f => f.message.replace(/security group Open\b/g, 'GROUP'));
    const tfMessages = findings(tf).map(f => f.message.replace(/security group aws_security_group\.Open\b/g, 'GROUP'));
    expect(tfMessages).toEqual(cfnMessages);
    expect(tfMessages).toHaveLength(1);
  });
});

describe('plan JSON for AWS, with the configuration section', () => {
  let document: TerraformDocumentInput;
  beforeAll(() => {
    document = terraformPlanDocument(JSON.parse(read('plan/plan.json')), 'plan/plan.json');
  });

  test('a new security group whose rules are standalone resources has no inline rules (the configuration writes none)', () => {
    expect(document.resources.find(r => r.address === 'aws_security_group.es')!.values.ingress).toEqual([]);
  });

  test('the safe standalone rule and the domain attached by reference pass; the open rule in a module is reported', () => {
    expect(pairs(planModel())).toEqual(['public-ingress module.search.aws_security_group_rule.open[0]']);
  });

  test('a security group id known only after apply is followed through the configuration\'s reference', () => {
    const cluster = planModel().clusters[0];
    expect(cluster.attachedFirewalls).toEqual([{ known: true, value: expect.stringContaining('aws_security_group.es') }]);
  });
});

describe('OpenSearch Serverless', () => {
  const network = (allow: boolean, resource = 'collection/logs*') => JSON.stringify([{ Rules: [{ ResourceType: 'collection', Resource: [resource] }], AllowFromPublic: allow }]);

  test('a collection whose network policy allows public access is public-endpoint, in Terraform', () => {
    const model = modelOf({
      aws_opensearchserverless_collection: { logs: { name: 'logs' } },
      aws_opensearchserverless_security_policy: { net: { name: 'n', type: 'network', policy: network(true) } },
    });
    expect(pairs(model)).toEqual(['public-endpoint aws_opensearchserverless_security_policy.net']);
  });

  test('a network policy for another collection, or a VPC-only one, leaves the collection clean', () => {
    expect(pairs(modelOf({
      aws_opensearchserverless_collection: { logs: { name: 'logs' } },
      aws_opensearchserverless_security_policy: { a: { name: 'a', type: 'network', policy: network(true, 'collection/metrics') }, b: { name: 'b', type: 'network', policy: network(false) } },
    }))).toEqual([]);
  });

  test('a policy from a variable makes the placement unverifiable', () => {
    expect(pairs(modelOf({
      aws_opensearchserverless_collection: { logs: { name: 'logs' } },
      aws_opensearchserverless_security_policy: { a: { name: 'a', type: 'network', policy: '${var.policy}' } },
    }))).toEqual(['unverifiable-network aws_opensearchserverless_collection.logs']);
  });

  test('the same collection in CloudFormation gives the same findings', () => {
    const model = cloudFormationToModel([{
      file: 't.json',
      template: {
        Resources: {
          Logs: { Type: 'AWS::OpenSearchServerless::Collection', Properties: { Name: 'logs' } },
          Net: { Type: 'AWS::OpenSearchServerless::SecurityPolicy', Properties: { Name: 'n', Type: 'network', Policy: network(true) } },
          Data: { Type: 'AWS::OpenSearchServerless::AccessPolicy', Properties: { Name: 'd', Type: 'data', Policy: JSON.stringify([{ Rules: [{ ResourceType: 'collection', Resource: ['collection/logs'] }], Principal: ['*'] }]) } },
        },
      },
    }]);
    expect(pairs(model)).toEqual(['anonymous-access Logs', 'public-endpoint Net']);
  });
});

describe('no silent pass', () => {
  test('resource types no translator models are listed; an aws_lb without listeners is read and opens nothing', async () => {
    const model = await hclModel();
    expect(model.unmodelledResourceTypes).toEqual(['aws_s3_bucket']);
    expect(model.opaque).toEqual([]);
    expect(canOpenPath('aws_s3_bucket')).toBe(false);
  });

  test('an unmodelled type that can open a path is an opaque network change', () => {
    const model = modelOf({ aws_ecs_service: { es: { name: 'es' } }, random_password: { p: { length: 16 } } });
    expect(model.unmodelledResourceTypes).toEqual(['aws_ecs_service', 'random_password']);
    expect(model.opaque).toEqual([expect.objectContaining({ location: expect.objectContaining({ resource: 'aws_ecs_service.es' }) })]);
    expect(canOpenPath('aws_ecs_service')).toBe(true);
  });
});
