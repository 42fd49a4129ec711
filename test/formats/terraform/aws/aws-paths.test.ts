import * as fs from 'fs';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { terraformPlanDocument } from '../../../../src/cli/readers/terraform-plan';
import { evaluate } from '../../../../src/core/engine';
import { InfrastructureModel } from '../../../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../../../src/formats/terraform';

async function modelOf(hcl: string): Promise<InfrastructureModel> {
  return terraformToModel([terraformJsonToDocument(await parseHcl('main.tf', hcl), { file: 'main.tf' })]);
}
const pairs = (model: InfrastructureModel) => evaluate(model).findings.map(f => `${f.ruleId} ${f.resource}`).sort();

const node = (groups: string, extra = '') => `
resource "aws_instance" "es" {
  ami                    = "ami-12345678"
  instance_type          = "m6g.large"
  vpc_security_group_ids = [${groups}]
  user_data              = <<EOT
#!/bin/bash
dnf install -y elasticsearch
systemctl start elasticsearch
EOT
  ${extra}
}`;
const group = (name: string, ingress: string) => `
resource "aws_security_group" "${name}" {
  ${ingress}
}`;
const ingress = (port: number, source: string) => `ingress {
    from_port = ${port}
    to_port = ${port}
    protocol = "tcp"
    ${source}
  }`;
const alb = (internal: boolean, type = 'application', targetGroupExtra = '') => `
resource "aws_lb" "public" {
  internal           = ${internal}
  load_balancer_type = "${type}"
  security_groups    = [aws_security_group.alb.id]
}
resource "aws_lb_target_group" "es" {
  port     = 9200
  protocol = "${type === 'network' ? 'TCP' : 'HTTP'}"
  ${targetGroupExtra}
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.es.arn
  }
}
resource "aws_lb_target_group_attachment" "es" {
  target_group_arn = aws_lb_target_group.es.arn
  target_id        = aws_instance.es.id
}
${group('alb', ingress(443, 'cidr_blocks = ["0.0.0.0/0"]'))}`;

describe('Terraform for AWS: path hops', () => {
  test('an instance whose user data installs Elasticsearch is a self-managed node filtered by its security groups', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'cidr_blocks = ["10.0.0.0/8"]'))}`);
    expect(model.nodes).toEqual([expect.objectContaining({
      name: 'instance aws_instance.es',
      filters: [{ description: 'security groups of aws_instance.es', firewalls: [{ known: true, value: expect.stringContaining('aws_security_group.es') }] }],
    })]);
    expect(model.clusters.map(c => c.kind)).toEqual(['self-managed']);
  });

  test('an internet-facing ALB forwarding 443 to the node on 9200 is public-endpoint at the listener, though the node admits only the ALB', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'security_groups = [aws_security_group.alb.id]'))}${alb(false)}`);
    expect(model.entryPoints).toEqual([expect.objectContaining({ kind: 'application-load-balancer', name: 'internet-facing application load balancer aws_lb.public' })]);
    expect(pairs(model)).toContain('public-endpoint aws_lb_listener.https');
  });

  test('an internal ALB is no entry point', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'security_groups = [aws_security_group.alb.id]'))}${alb(true)}`);
    expect(model.entryPoints).toEqual([]);
    expect(pairs(model).filter(p => p.startsWith('public-endpoint'))).toEqual([]);
  });

  test('an NLB keeps the client address: a node that admits only 10.0.0.0/8 is not reached from the internet', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'cidr_blocks = ["10.0.0.0/8"]'))}${alb(false, 'network')}`);
    expect(model.entryPoints![0].forwards[0]).toEqual(expect.objectContaining({ preservesClientAddress: true }));
    expect(pairs(model).filter(p => p.startsWith('public-endpoint'))).toEqual([]);
  });

  test('an NLB with preserve_client_ip off is a proxy whose source the node admits: public-endpoint', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'security_groups = [aws_security_group.alb.id]'))}${alb(false, 'network', 'preserve_client_ip = false')}`);
    expect(model.entryPoints![0].forwards[0]).toEqual(expect.objectContaining({ preservesClientAddress: false }));
    expect(pairs(model)).toContain('public-endpoint aws_lb_listener.https');
  });

  test('a public IP on the node is a pass-through entry point', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id', 'associate_public_ip_address = true')}${group('es', ingress(9200, 'cidr_blocks = ["0.0.0.0/0"]'))}`);
    expect(model.entryPoints).toEqual([expect.objectContaining({ kind: 'public-ip' })]);
    expect(pairs(model)).toEqual(expect.arrayContaining(['public-ingress aws_security_group.es']));
  });

  test('an instance naming no security group is filtered by the VPC default group, not in the input: unverifiable', async () => {
    const model = await modelOf(node(''));
    expect(model.nodes![0].filters[0].firewalls).toEqual([{ known: false, reason: expect.stringContaining('VPC default security group') }]);
  });

  test('a Classic ELB in front of the node is a proxy entry point', async () => {
    const model = await modelOf(`${node('aws_security_group.es.id')}${group('es', ingress(9200, 'security_groups = [aws_security_group.alb.id]'))}
${group('alb', ingress(80, 'cidr_blocks = ["0.0.0.0/0"]'))}
resource "aws_elb" "public" {
  security_groups = [aws_security_group.alb.id]
  instances       = [aws_instance.es.id]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 9200
    instance_protocol = "http"
  }
}`);
    expect(model.entryPoints).toEqual([expect.objectContaining({ kind: 'classic-load-balancer' })]);
    expect(pairs(model)).toContain('public-endpoint aws_elb.public');
  });

  test('an Auto Scaling group launching a template whose user data starts OpenSearch is a node', async () => {
    const userData = Buffer.from('#!/bin/bash\nsystemctl start opensearch\n').toString('base64');
    const model = await modelOf(`
resource "aws_launch_template" "es" {
  user_data              = "${userData}"
  vpc_security_group_ids = [aws_security_group.es.id]
}
resource "aws_autoscaling_group" "es" {
  min_size = 3
  max_size = 3
  launch_template {
    id = aws_launch_template.es.id
  }
}
${group('es', ingress(9200, 'cidr_blocks = ["10.0.0.0/8"]'))}`);
    expect(model.nodes).toEqual([expect.objectContaining({ name: 'Auto Scaling group aws_autoscaling_group.es' })]);
  });
});

describe('the path fixture in HCL, Terraform JSON and plan JSON', () => {
  const FIXTURES = `${__dirname}/../../../fixtures/terraform-aws`;
  test('all three report the ALB path as public-endpoint at the listener', async () => {
    const hcl = await modelOf(fs.readFileSync(`${FIXTURES}/paths/main.tf`, 'utf8'));
    const json = terraformToModel([terraformJsonToDocument(JSON.parse(fs.readFileSync(`${FIXTURES}/paths-json/main.tf.json`, 'utf8')))]);
    const plan = terraformToModel([terraformPlanDocument(JSON.parse(fs.readFileSync(`${FIXTURES}/paths-plan.json`, 'utf8')), 'paths-plan.json')]);
    for (const model of [hcl, json, plan]) {
      expect(pairs(model)).toContain('public-endpoint aws_lb_listener.https');
    }
    expect(pairs(json)).toEqual(pairs(hcl));
  });
});

describe('Terraform for AWS: what each load balancer forwards to, among several', () => {
  const userData = '#!/bin/bash\ndnf install -y elasticsearch\nsystemctl start elasticsearch\n';
  const ref = (address: string, attribute = 'arn') => `\${${address}.${attribute}}`;
  const listener = (lb: string) => ({ load_balancer_arn: ref(`aws_lb.${lb}`), port: 443, default_action: [{ type: 'fixed-response' }] });
  function model(): InfrastructureModel {
    return terraformToModel([terraformJsonToDocument({
      resource: {
        aws_security_group: { open: { ingress: [{ from_port: 0, to_port: 65535, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] } },
        aws_instance: {
          es: { ami: 'ami-1', user_data: userData, vpc_security_group_ids: ['${aws_security_group.open.id}'] },
          other: { ami: 'ami-1', user_data: userData, vpc_security_group_ids: ['${aws_security_group.open.id}'] },
        },
        aws_launch_template: { es: { user_data: Buffer.from(userData).toString('base64'), vpc_security_group_ids: ['${aws_security_group.open.id}'] } },
        aws_autoscaling_group: {
          es: { launch_template: [{ id: '${aws_launch_template.es.id}' }], target_group_arns: [ref('aws_lb_target_group.b'), ref('aws_lb_target_group.b')], load_balancers: [ref('aws_elb.classic', 'name')] },
        },
        aws_lb: {
          a: { internal: false, load_balancer_type: 'application', security_groups: ['${aws_security_group.open.id}'] },
          b: { internal: false, load_balancer_type: 'application', security_groups: ['${aws_security_group.open.id}'] },
        },
        aws_lb_listener: { a: listener('a'), b: listener('b') },
        aws_lb_listener_rule: {
          a: { listener_arn: ref('aws_lb_listener.a'), action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group.a') }] },
          b: { listener_arn: ref('aws_lb_listener.b'), action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group.b') }] },
        },
        aws_lb_target_group: { a: { port: 9200, protocol: 'HTTP' }, b: { port: 9300, protocol: 'HTTP' } },
        aws_lb_target_group_attachment: { a: { target_group_arn: ref('aws_lb_target_group.a'), target_id: '${aws_instance.es.id}' } },
        aws_elb: { classic: { internal: false, security_groups: ['${aws_security_group.open.id}'], listener: [{ lb_port: 443, instance_port: 9200 }] } },
        aws_elb_attachment: { other: { elb: ref('aws_elb.classic', 'id'), instance: '${aws_instance.other.id}' } },
      },
    }, { file: 'main.tf.json' })]);
  }

  test('each load balancer forwards through its own listener rules and target groups only; an Auto Scaling group listed twice is one target', () => {
    const byEntry = Object.fromEntries((model().entryPoints ?? []).filter(e => e.kind !== 'public-ip')
      .map(e => [e.location.resource, e.forwards.map(f => [f.backendPort, f.targets.map(t => (t.known ? t.value.split('\u0000').find(p => p.startsWith('aws_')) ?? t.value : t.reason))])]));
    expect(byEntry).toEqual({
      'aws_lb.a': [[{ known: true, value: 9200 }, ['aws_instance.es']]],
      'aws_lb.b': [[{ known: true, value: 9300 }, ['aws_autoscaling_group.es']]],
      'aws_elb.classic': [[{ known: true, value: 9200 }, ['aws_instance.other', 'aws_autoscaling_group.es']]],
    });
  });

  test('a network interface attached to an instance adds its groups to that instance only', () => {
    const nodes = terraformToModel([terraformJsonToDocument({
      resource: {
        aws_security_group: { a: {}, b: {}, own: {} },
        aws_instance: {
          es: { ami: 'ami-1', user_data: userData, vpc_security_group_ids: ['${aws_security_group.own.id}'] },
          other: { ami: 'ami-1', user_data: userData, vpc_security_group_ids: ['${aws_security_group.own.id}'] },
        },
        aws_network_interface: {
          a: { security_groups: ['${aws_security_group.a.id}'], attachment: [{ instance: '${aws_instance.es.id}', device_index: 1 }, { instance: '${aws_instance.es.id}' }] },
          b: { security_groups: ['${aws_security_group.b.id}'], attachment: [{ instance: '${aws_instance.other.id}', device_index: 1 }] },
        },
      },
    }, { file: 'main.tf.json' })]).nodes ?? [];
    const groupsOf = Object.fromEntries(nodes.map(n => [n.location.resource, n.filters.flatMap(f => f.firewalls.map(w => (w.known ? w.value.split('\u0000').find(p => p.startsWith('aws_')) : w.reason)))]));
    expect(groupsOf).toEqual({
      'aws_instance.es': ['aws_security_group.own', 'aws_security_group.a'],
      'aws_instance.other': ['aws_security_group.own', 'aws_security_group.b'],
    });
  });
});
