/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/**
 * The AWS app as users write it: the same stacks of L2 security groups as `aws-app.ts`, with an L2
 * `Domain` (logging on, so with its log groups and the log-group resource policy custom resource) for
 * every tenth group. 1x: 5 stacks x (200 security groups x 2 private rules + 20 L2 domains).
 */
import type { App } from 'aws-cdk-lib';
import { AwsAppShape, awsShape } from './aws-app';

/** Every tenth security group guards a domain. */
export function awsL2Shape(scale: number): AwsAppShape {
  const base = awsShape(scale);
  return { ...base, domainsPerStack: base.securityGroupsPerStack / 10 };
}

/** Builds the stacks into `app`. */
export function buildAwsL2App(app: App, shape: AwsAppShape): void {
  const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
  const ec2: typeof import('aws-cdk-lib/aws-ec2') = require('aws-cdk-lib/aws-ec2');
  const iam: typeof import('aws-cdk-lib/aws-iam') = require('aws-cdk-lib/aws-iam');
  const opensearch: typeof import('aws-cdk-lib/aws-opensearchservice') = require('aws-cdk-lib/aws-opensearchservice');

  for (let s = 0; s < shape.stacks; s++) {
    const stack = new cdk.Stack(app, `Search${s}`);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: `vpc-0${s.toString(16).padStart(16, '0')}`,
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    });
    const client = iam.Role.fromRoleArn(stack, 'Client', 'arn:aws:iam::111122223333:role/search-client');
    for (let g = 0; g < shape.securityGroupsPerStack; g++) {
      const group = new ec2.SecurityGroup(stack, `Nodes${g}`, { vpc, description: `search nodes ${s}-${g}`, allowAllOutbound: true });
      group.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(443), 'HTTPS from the VPC');
      const open = shape.openRule && s === 0 && g === 0;
      group.addIngressRule(ec2.Peer.ipv4(open ? '0.0.0.0/0' : '172.16.0.0/12'), ec2.Port.tcp(9200), 'REST from peered VPCs');
      if (g % 10 !== 0) continue;
      new opensearch.Domain(stack, `Domain${g / 10}`, {
        version: opensearch.EngineVersion.OPENSEARCH_2_11,
        vpc,
        vpcSubnets: [{ subnets: vpc.privateSubnets }],
        securityGroups: [group],
        capacity: { dataNodes: 2, dataNodeInstanceType: 'r6g.large.search', multiAzWithStandbyEnabled: false },
        zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
        ebs: { volumeSize: 100 },
        encryptionAtRest: { enabled: true },
        nodeToNodeEncryption: true,
        enforceHttps: true,
        tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
        fineGrainedAccessControl: { masterUserArn: 'arn:aws:iam::111122223333:role/search-admin' },
        logging: { slowSearchLogEnabled: true, appLogEnabled: true, auditLogEnabled: true },
        accessPolicies: [new iam.PolicyStatement({ principals: [client], actions: ['es:ESHttp*'], resources: ['*'] })],
      });
    }
  }
}
