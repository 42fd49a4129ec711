/**
 * Terraform for AWS at scale, in the two shapes platform teams scan: HCL (`main.tf`, read through
 * `@cdktf/hcl2json`) and a hand-generated `terraform show -json` plan (format 1.2, planned against an
 * existing deployment, every action `no-op`, with `configuration`). Security groups with inline
 * ingress from private sources, standalone `aws_security_group_rule`s, and OpenSearch domains in a
 * VPC attached to one of the groups, every protection on: a clean input, as a throughput test wants.
 */

export interface AwsShape {
  readonly securityGroups: number;
  /** Standalone `aws_security_group_rule` resources per group. */
  readonly rulesPerGroup: number;
  readonly domains: number;
}

/** 1,996 groups x (1 + 4 rules) + 20 domains = 10,000 resources at `resources = 10000`. */
export function awsShape(resources: number): AwsShape {
  const domains = 20;
  return { securityGroups: Math.max(1, Math.round((resources - domains) / 5)), rulesPerGroup: 4, domains };
}

export function awsResourceCount(shape: AwsShape): number {
  return shape.securityGroups * (1 + shape.rulesPerGroup) + shape.domains;
}

const PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '10.20.0.0/16'];
const PORTS = [9200, 9300, 5601, 443];

/** The configuration as HCL. */
export function terraformAwsHcl(shape: AwsShape): string {
  const out: string[] = [];
  for (let g = 0; g < shape.securityGroups; g++) {
    out.push(`resource "aws_security_group" "sg${g}" {
  name        = "search-${g}"
  description = "search clients ${g}"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`);
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      out.push(`resource "aws_security_group_rule" "sg${g}_rule${r}" {
  type              = "ingress"
  security_group_id = aws_security_group.sg${g}.id
  from_port         = ${PORTS[r % PORTS.length]}
  to_port           = ${PORTS[r % PORTS.length]}
  protocol          = "tcp"
  cidr_blocks       = ["${PRIVATE_CIDRS[r % PRIVATE_CIDRS.length]}"]
}
`);
    }
  }
  for (let d = 0; d < shape.domains; d++) {
    out.push(`resource "aws_opensearch_domain" "domain${d}" {
  domain_name    = "search-${d}"
  engine_version = "OpenSearch_2.11"
  vpc_options {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = [aws_security_group.sg${d}.id]
  }
  encrypt_at_rest {
    enabled = true
  }
  node_to_node_encryption {
    enabled = true
  }
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
${['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS'].map(t => `  log_publishing_options {
    log_type                 = "${t}"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:search-${d}"
  }`).join('\n')}
}
`);
  }
  return out.join('\n');
}

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** The same configuration as a plan of the deployed resources (no-op). */
export function terraformAwsPlan(shape: AwsShape): object {
  const planned: object[] = [];
  const changes: object[] = [];
  const configured: object[] = [];
  const add = (type: string, name: string, values: Record<string, unknown>, expressions: Record<string, unknown>) => {
    const address = `${type}.${name}`;
    planned.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: {} });
    changes.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, change: { actions: ['no-op'], before: values, after: values, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
    configured.push({ address, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0 });
  };
  for (let g = 0; g < shape.securityGroups; g++) {
    const id = `sg-${g.toString(16).padStart(17, '0')}`;
    const inline = { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' };
    const standalone = Array.from({ length: shape.rulesPerGroup }, (_v, r) => ({
      from_port: PORTS[r % PORTS.length],
      to_port: PORTS[r % PORTS.length],
      protocol: 'tcp',
      cidr_blocks: [PRIVATE_CIDRS[r % PRIVATE_CIDRS.length]],
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      security_groups: [],
      self: false,
      description: '',
    }));
    // As in a real plan of a deployed group, the computed `ingress` lists the standalone rules too.
    add('aws_security_group', `sg${g}`, { id, name: `search-${g}`, description: `search clients ${g}`, vpc_id: 'vpc-0123456789abcdef0', ingress: [inline, ...standalone], egress: [] },
      { name: { constant_value: `search-${g}` }, ingress: { constant_value: [inline] } });
    standalone.forEach((rule, r) => add('aws_security_group_rule', `sg${g}_rule${r}`, { ...rule, type: 'ingress', security_group_id: id, source_security_group_id: null, id: `sgrule-${g}-${r}` },
      { type: { constant_value: 'ingress' }, security_group_id: { references: [`aws_security_group.sg${g}.id`, `aws_security_group.sg${g}`] } }));
  }
  for (let d = 0; d < shape.domains; d++) {
    add('aws_opensearch_domain', `domain${d}`, {
      domain_name: `search-${d}`,
      vpc_options: [{ subnet_ids: ['subnet-0123456789abcdef0'], security_group_ids: [`sg-${d.toString(16).padStart(17, '0')}`] }],
      encrypt_at_rest: [{ enabled: true }],
      node_to_node_encryption: [{ enabled: true }],
      domain_endpoint_options: [{ enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' }],
      advanced_security_options: [{ enabled: true, anonymous_auth_enabled: false }],
      log_publishing_options: ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS'].map(t => ({ log_type: t, enabled: true, cloudwatch_log_group_arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x' })),
    }, { domain_name: { constant_value: `search-${d}` }, vpc_options: [{ security_group_ids: { references: [`aws_security_group.sg${d}.id`, `aws_security_group.sg${d}`] } }] });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.9.5', values: { root_module: { resources: planned } } },
    configuration: { provider_config: { aws: { name: 'aws', full_name: PROVIDER } }, root_module: { resources: configured } },
    timestamp: '2026-12-01T00:00:00Z',
    applyable: false,
    complete: true,
    errored: false,
  };
}
