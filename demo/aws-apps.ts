/**
 * The AWS side of the story, written as a user would write it: the support team's search app,
 * the change, and the same change in an app of a team that does not use search-guardrails.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { SearchGuardrails, SecureSearchDomain } from 'search-guardrails/aws';

/** The stack name of every AWS app of the demo. */
export const AWS_STACK = 'SupportSearch';
/** The construct id of the rule "another team" adds. */
export const AWS_CHANGE_ID = 'TroubleshootingAccess';

/** The support team's app: a VPC, a SecureSearchDomain and the app servers that may reach it. */
export function secureAwsApp(outdir: string): { app: App; stack: Stack; search: SecureSearchDomain } {
  const app = new App({ outdir });
  SearchGuardrails.enforce(app); // SecureSearchDomain does it too; explicit covers any other domain of the app
  const stack = new Stack(app, AWS_STACK); // env-agnostic
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const search = new SecureSearchDomain(stack, 'Support', { vpc });
  const appServers = new ec2.SecurityGroup(stack, 'AppServers', { vpc, description: 'Support application servers' });
  search.grantNetworkAccess(appServers);
  return { app, stack, search };
}

/**
 * "The change": a standalone ingress rule, written in another construct by someone else, that opens
 * the domain's security group to the whole internet on HTTPS.
 */
export function addTheChange(stack: Stack, securityGroupId: string): ec2.CfnSecurityGroupIngress {
  return new ec2.CfnSecurityGroupIngress(stack, AWS_CHANGE_ID, {
    groupId: securityGroupId,
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIp: '0.0.0.0/0',
    description: 'Troubleshooting from anywhere',
  });
}

/** The secure app after the change. */
export function changedAwsApp(outdir: string): App {
  const { app, stack, search } = secureAwsApp(outdir);
  addTheChange(stack, search.securityGroup.securityGroupId);
  return app;
}

/**
 * Another team's app, without search-guardrails: a plain aws-cdk-lib `opensearch.Domain` configured
 * carefully (VPC, fine-grained access control, encryption, TLS 1.2, logs), and the same change.
 * Nothing stops its synthesis.
 */
export function unguardedAwsApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, AWS_STACK);
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const securityGroup = new ec2.SecurityGroup(stack, 'SearchSecurityGroup', { vpc, allowAllOutbound: false });
  const domain = new opensearch.Domain(stack, 'Support', {
    version: opensearch.EngineVersion.OPENSEARCH_2_19,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    securityGroups: [securityGroup],
    zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
    capacity: { dataNodes: 2, multiAzWithStandbyEnabled: false },
    fineGrainedAccessControl: { masterUserArn: 'arn:aws:iam::123456789012:role/search-admin' },
    encryptionAtRest: { enabled: true },
    nodeToNodeEncryption: true,
    enforceHttps: true,
    tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS,
    logging: { auditLogEnabled: true, appLogEnabled: true, slowSearchLogEnabled: true, slowIndexLogEnabled: true },
  });
  const appServers = new ec2.SecurityGroup(stack, 'AppServers', { vpc, description: 'Support application servers' });
  domain.connections.allowFrom(appServers, ec2.Port.tcp(443));
  addTheChange(stack, securityGroup.securityGroupId);
  return app;
}
