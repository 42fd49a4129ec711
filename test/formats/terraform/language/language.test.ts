import { parse as parseHcl } from '@cdktf/hcl2json';
import { evaluate } from '../../../../src/core/engine';
import { terraformJsonToDocument, terraformToModel } from '../../../../src/formats/terraform';
import { evaluateString } from '../../../../src/formats/terraform/language/expression';
import { Unknown } from '../../../../src/formats/terraform/language/values';

async function documentOf(hcl: string) {
  return terraformJsonToDocument(await parseHcl('main.tf', hcl), { file: 'main.tf' });
}
async function findingsOf(hcl: string) {
  return evaluate(terraformToModel([await documentOf(hcl)])).findings.map(f => `${f.ruleId} ${f.resource}`);
}
const value = (expression: string) => evaluateString(expression, { local: () => new Unknown('no locals') });

const openGroup = (cidrs: string, extra = '') => `
resource "aws_security_group" "es" {
  ${extra}
  ingress {
    from_port   = 9200
    to_port     = 9200
    protocol    = "tcp"
    cidr_blocks = ${cidrs}
  }
}`;

describe('the Terraform language, where the input fixes the values', () => {
  test('locals are evaluated: a local list of CIDRs admitting 0.0.0.0/0 is public-ingress', async () => {
    expect(await findingsOf(`locals {\n  open = ["0.0.0.0/0"]\n}\n${openGroup('local.open')}`)).toEqual(['public-ingress aws_security_group.es']);
  });

  test('a local that refers to another local is evaluated through it', async () => {
    expect(await findingsOf(`locals {\n  world = "0.0.0.0/0"\n  open = [local.world]\n}\n${openGroup('local.open')}`)).toEqual(['public-ingress aws_security_group.es']);
  });

  test.each([
    ['tolist(["a", "b"])', ['a', 'b']],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['element(["a", "b"], 3)', 'b'],
    ['lookup({ a = 1 }, "a", 2)', 1],
    ['lookup({ a = 1 }, "b", 2)', 2],
    ['merge({ a = 1 }, { b = 2 })', { a: 1, b: 2 }],
    ['flatten([["a"], ["b", ["c"]]])', ['a', 'b', 'c']],
    ['format("%s/%d", "10.0.0.0", 8)', '10.0.0.0/8'],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split(",", "a,b")', ['a', 'b']],
    ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'],
    ['cidrsubnet("2001:db8::/32", 16, 1)', '2001:db8:1::/48'],
    ['cidrhost("10.0.1.0/24", 5)', '10.0.1.5'],
    ['"10.${1 + 1}.0.0/16"', '10.2.0.0/16'],
    ['true ? "a" : "b"', 'a'],
    ['[for p in [9200, 9300] : p + 1]', [9201, 9301]],
    ['{ for k, v in { a = 1, b = 2 } : v => k if v > 1 }', { 2: 'b' }],
    ['jsonencode({ Statement = [{ Principal = "*" }] })', '{"Statement":[{"Principal":"*"}]}'],
  ])('the function or expression %s evaluates to a known value', (expression, expected) => {
    expect(value(`\${${expression}}`)).toEqual(expected);
  });

  test('a function this guard does not know, a variable and a data source stay unknown with a reason naming them', () => {
    expect(value('${max(1, 2)}')).toEqual(new Unknown('the function max() is not evaluated by this guard'));
    expect(value('${var.cidr}')).toEqual(expect.objectContaining({ reason: expect.stringContaining('var.cidr is a Terraform variable') }));
    expect(value('${concat(["10.0.0.0/8"], data.x.y.cidrs)}')).toEqual(expect.objectContaining({ reason: expect.stringContaining('data source') }));
  });

  test('count over a known number makes instances x[0], x[1] as a plan names them', async () => {
    const document = await documentOf(openGroup('["0.0.0.0/0"]', 'count = 2'));
    expect(document.resources.map(r => r.address)).toEqual(['aws_security_group.es[0]', 'aws_security_group.es[1]']);
  });

  test('count = 0 removes the resource, and count.index is known in each instance', async () => {
    expect((await documentOf(openGroup('["0.0.0.0/0"]', 'count = 0'))).resources).toEqual([]);
    const document = await documentOf(openGroup('[cidrsubnet("10.0.0.0/16", 8, count.index)]', 'count = 2'));
    expect(document.resources.map(r => r.values.ingress[0].cidr_blocks)).toEqual([['10.0.0.0/24'], ['10.0.1.0/24']]);
  });

  test('for_each over a known map makes instances x["key"] with each.key and each.value', async () => {
    const hcl = `
resource "aws_security_group_rule" "es" {
  for_each          = { public = "0.0.0.0/0", office = "52.94.0.0/24" }
  type              = "ingress"
  security_group_id = "sg-1"
  from_port         = 9200
  to_port           = 9200
  protocol          = "tcp"
  cidr_blocks       = [each.value]
  description       = each.key
}`;
    expect((await findingsOf(hcl)).sort()).toEqual(['public-allowlist aws_security_group_rule.es["office"]', 'public-ingress aws_security_group_rule.es["public"]']);
  });

  test('for_each over a variable is one resource whose each.value is unknown: unverifiable-network, never a pass', async () => {
    const hcl = `
resource "aws_security_group_rule" "es" {
  for_each          = var.cidrs
  type              = "ingress"
  security_group_id = "sg-1"
  from_port         = 9200
  to_port           = 9200
  protocol          = "tcp"
  cidr_blocks       = [each.value]
}`;
    expect(await findingsOf(hcl)).toEqual(['unverifiable-network aws_security_group_rule.es']);
  });

  test('a dynamic ingress block over a known collection generates its rules', async () => {
    const hcl = `
locals {
  ports = { http = 9200, transport = 9300 }
}
resource "aws_security_group" "es" {
  dynamic "ingress" {
    for_each = local.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
      description = port.key
    }
  }
}`;
    const model = terraformToModel([await documentOf(hcl)]);
    expect(model.firewalls[0].rules.map(r => r.name)).toEqual(['http: tcp 9200 from 0.0.0.0/0', 'transport: tcp 9300 from 0.0.0.0/0']);
  });

  test('a dynamic ingress block over a variable stays an unknown rule', async () => {
    const hcl = `
resource "aws_security_group" "es" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }
}`;
    expect(await findingsOf(hcl)).toEqual(['unverifiable-network aws_security_group.es']);
  });

  test('a variable default is not evaluated: a -var can override it', async () => {
    const hcl = `variable "cidr" {\n  default = "10.0.0.0/8"\n}\n${openGroup('[var.cidr]')}`;
    expect(await findingsOf(hcl)).toEqual(['unverifiable-network aws_security_group.es']);
  });

  test('a jsonencode access policy granting * is read as the policy it encodes', async () => {
    const hcl = `
resource "aws_opensearch_domain" "es" {
  domain_name = "es"
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}`;
    expect(await findingsOf(hcl)).toContain('anonymous-access aws_opensearch_domain.es');
  });

  test('a reference to a resource through a local is still followed to the resource', async () => {
    const hcl = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
locals {
  vpc_cidr = aws_vpc.main.cidr_block
}
${openGroup('[local.vpc_cidr]')}`;
    const model = terraformToModel([await documentOf(hcl)]);
    expect(model.firewalls[0].rules[0].sources).toEqual([expect.objectContaining({ kind: 'network' })]);
  });
});
