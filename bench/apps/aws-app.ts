/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/**
 * The generated AWS CDK app of the benchmark: `stacks` stacks, each with `securityGroupsPerStack`
 * L2 security groups of two private ingress rules (443 and 9200) and `domainsPerStack` secure
 * OpenSearch domains (CfnDomain in a VPC, attached to a security group of the same stack), so
 * neither the guard nor a clean synthesis has anything to report.
 *
 * L1 `CfnDomain` rather than the L2 `Domain`: the L2 adds a log-group resource policy custom
 * resource (a Lambda function) per domain, which would measure aws-cdk-lib, not the guard.
 */
import type { App } from 'aws-cdk-lib';

export interface AwsAppShape {
  readonly stacks: number;
  readonly securityGroupsPerStack: number;
  readonly domainsPerStack: number;
  /** One security group of the first stack admits 0.0.0.0/0 on 9200 (the guard must fail). */
  readonly openRule?: boolean;
}

/** 1x: 5 stacks x 200 security groups x 2 rules + 100 domains (20 per stack). */
export function awsShape(scale: number): AwsAppShape {
  return { stacks: Math.max(1, Math.round(5 * scale)), securityGroupsPerStack: 200, domainsPerStack: 20 };
}

export function securityGroupCount(shape: AwsAppShape): number {
  return shape.stacks * shape.securityGroupsPerStack;
}

/** Builds the stacks into `app` (the caller owns the App, so it can add guards first). */
export function buildAwsApp(app: App, shape: AwsAppShape): void {
  // Required here, not at the top: the child times module loading separately.
  const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
  const ec2: typeof import('aws-cdk-lib/aws-ec2') = require('aws-cdk-lib/aws-ec2');
  const opensearch: typeof import('aws-cdk-lib/aws-opensearchservice') = require('aws-cdk-lib/aws-opensearchservice');

  for (let s = 0; s < shape.stacks; s++) {
    const stack = new cdk.Stack(app, `Search${s}`);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: `vpc-0${s.toString(16).padStart(16, '0')}`,
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    });
    const groups: import('aws-cdk-lib/aws-ec2').SecurityGroup[] = [];
    for (let g = 0; g < shape.securityGroupsPerStack; g++) {
      const group = new ec2.SecurityGroup(stack, `Nodes${g}`, {
        vpc,
        description: `search nodes ${s}-${g}`,
        allowAllOutbound: true,
      });
      group.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(443), 'HTTPS from the VPC');
      const open = shape.openRule && s === 0 && g === 0;
      group.addIngressRule(ec2.Peer.ipv4(open ? '0.0.0.0/0' : '172.16.0.0/12'), ec2.Port.tcp(9200), 'REST from peered VPCs');
      groups.push(group);
    }
    for (let d = 0; d < shape.domainsPerStack; d++) {
      const logGroup = (type: string) => ({
        enabled: true,
        cloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:111122223333:log-group:/search/${s}/${d}/${type}`,
      });
      new opensearch.CfnDomain(stack, `Domain${d}`, {
        engineVersion: 'OpenSearch_2.11',
        clusterConfig: { instanceType: 'r6g.large.search', instanceCount: 2, zoneAwarenessEnabled: true },
        ebsOptions: { ebsEnabled: true, volumeSize: 100, volumeType: 'gp3' },
        vpcOptions: {
          subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
          securityGroupIds: [groups[d % groups.length].securityGroupId],
        },
        encryptionAtRestOptions: { enabled: true },
        nodeToNodeEncryptionOptions: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
        advancedSecurityOptions: {
          enabled: true,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: 'arn:aws:iam::111122223333:role/search-admin' },
        },
        accessPolicies: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/search-client' }, Action: 'es:ESHttp*', Resource: '*' }],
        },
        logPublishingOptions: {
          AUDIT_LOGS: logGroup('audit'),
          ES_APPLICATION_LOGS: logGroup('application'),
          SEARCH_SLOW_LOGS: logGroup('search-slow'),
        },
      });
    }
  }
}
