/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/**
 * The generated CDK for Terraform app written with @cdktf/provider-aws (issue 12: "the same with a
 * Terraform-for-AWS app"): one stack with `securityGroups` security groups, each with `rulesPerGroup`
 * standalone `aws_vpc_security_group_ingress_rule` resources that admit only private CIDRs to the
 * cluster ports, and an OpenSearch domain in the VPC behind every tenth group, so every rule is on a
 * path the guard judges and nothing is exposed.
 *
 * Standalone rules (not inline blocks): the guard must match each rule to its group through the
 * `${aws_security_group.<name>.id}` reference, the more demanding shape, as in the azurerm app.
 */
import type { App } from 'cdktf';

export interface CdktfAwsAppShape {
  readonly securityGroups: number;
  readonly rulesPerGroup: number;
  /** One domain behind every `groupsPerDomain`-th group. */
  readonly groupsPerDomain: number;
  /** One rule of the first group (which has a domain) admits 0.0.0.0/0 on 9200 (the guard must fail). */
  readonly openRule?: boolean;
}

/** 1x: 50 groups x 40 rules (2,000 rules), 5 domains. */
export function cdktfAwsShape(scale: number): CdktfAwsAppShape {
  return { securityGroups: Math.max(1, Math.round(50 * scale)), rulesPerGroup: 40, groupsPerDomain: 10 };
}

const PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '10.20.0.0/16'];
const CLUSTER_PORTS: ReadonlyArray<readonly [number, number]> = [[443, 443], [9200, 9200], [9300, 9300], [9200, 9300]];

export function buildCdktfAwsApp(app: App, shape: CdktfAwsAppShape): void {
  const cdktf: typeof import('cdktf') = require('cdktf');
  const { AwsProvider }: typeof import('@cdktf/provider-aws/lib/provider') = require('@cdktf/provider-aws/lib/provider');
  const { Vpc }: typeof import('@cdktf/provider-aws/lib/vpc') = require('@cdktf/provider-aws/lib/vpc');
  const { Subnet }: typeof import('@cdktf/provider-aws/lib/subnet') = require('@cdktf/provider-aws/lib/subnet');
  const { SecurityGroup }: typeof import('@cdktf/provider-aws/lib/security-group') = require('@cdktf/provider-aws/lib/security-group');
  const { VpcSecurityGroupIngressRule }: typeof import('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule') = require('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule');
  const { OpensearchDomain }: typeof import('@cdktf/provider-aws/lib/opensearch-domain') = require('@cdktf/provider-aws/lib/opensearch-domain');

  const stack = new cdktf.TerraformStack(app, 'search');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
  const subnet = new Subnet(stack, 'subnet', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
  for (let g = 0; g < shape.securityGroups; g++) {
    const group = new SecurityGroup(stack, `sg${g}`, { name: `search-${g}`, vpcId: vpc.id });
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const open = shape.openRule && g === 0 && r === 0;
      const [fromPort, toPort] = open ? [9200, 9200] : CLUSTER_PORTS[r % CLUSTER_PORTS.length];
      new VpcSecurityGroupIngressRule(stack, `sg${g}-rule${r}`, {
        securityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort,
        toPort,
        cidrIpv4: open ? '0.0.0.0/0' : PRIVATE_CIDRS[r % PRIVATE_CIDRS.length],
      });
    }
    if (g % shape.groupsPerDomain === 0) {
      const log = 'arn:aws:logs:eu-west-1:123456789012:log-group:search';
      new OpensearchDomain(stack, `domain${g}`, {
        domainName: `search-${g}`,
        engineVersion: 'OpenSearch_2.19',
        vpcOptions: { subnetIds: [subnet.id], securityGroupIds: [group.id] },
        encryptAtRest: { enabled: true },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
        advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: 'arn:aws:iam::123456789012:role/search-admin' } },
        logPublishingOptions: ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS'].map(logType => ({ logType, cloudwatchLogGroupArn: log })),
      });
    }
  }
}
