/**
 * A real CDK for Terraform app written with @cdktf/provider-aws, guarded by the same cdktf guard
 * (`search-guardrails/cdktf`): the guard reads the synthesized JSON, whatever provider wrote it.
 */
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchserverlessCollection } from '@cdktf/provider-aws/lib/opensearchserverless-collection';
import { OpensearchserverlessSecurityPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-security-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { SearchGuardrails } from '../../src/cdktf';

function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function awsStack(): { app: App; stack: TerraformStack; vpc: Vpc } {
  const app = Testing.app();
  SearchGuardrails.enforce(app);
  const stack = new TerraformStack(app, 'search');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
  return { app, stack, vpc };
}

function privateDomain(stack: TerraformStack, group: SecurityGroup): OpensearchDomain {
  return new OpensearchDomain(stack, 'domain', {
    domainName: 'search',
    vpcOptions: { subnetIds: ['subnet-1'], securityGroupIds: [group.id] },
    encryptAtRest: { enabled: true },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true },
    logPublishingOptions: ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS'].map(logType => ({
      logType, cloudwatchLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:os',
    })),
  });
}

describe('a cdktf app with @cdktf/provider-aws, guarded by search-guardrails/cdktf', () => {
  test('a security group admitting 0.0.0.0/0 on 9200 fails app.synth() at the construct path', () => {
    const { app, stack } = awsStack();
    new SecurityGroup(stack, 'open', {
      name: 'es-open',
      ingress: [{ fromPort: 9200, toPort: 9200, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
    });
    expect(synthError(app)).toMatch(/\[search\/open\] public-ingress: .*0\.0\.0\.0\/0 to cluster port 9200/);
  });

  test('a domain in a VPC, attached to a group that admits only the VPC, with every protection on, synthesizes', () => {
    const { app, stack, vpc } = awsStack();
    const group = new SecurityGroup(stack, 'group', { name: 'domain' });
    new SecurityGroupRule(stack, 'https', {
      type: 'ingress', securityGroupId: group.id, fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: [vpc.cidrBlock],
    });
    privateDomain(stack, group);
    expect(synthError(app)).toBeUndefined();
  });

  test('a standalone rule opening 443 to the internet on the domain\'s group fails synthesis naming the rule and the domain', () => {
    const { app, stack } = awsStack();
    const group = new SecurityGroup(stack, 'group', { name: 'domain' });
    new SecurityGroupRule(stack, 'https', {
      type: 'ingress', securityGroupId: group.id, fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'],
    });
    privateDomain(stack, group);
    expect(synthError(app)).toMatch(/\[search\/https\] public-ingress: .*cluster port 443 .*aws_opensearch_domain\.domain/);
  });

  test('a port from a Terraform variable fails closed: unverifiable-network', () => {
    const { app, stack } = awsStack();
    const port = new TerraformVariable(stack, 'port', { type: 'number' });
    new SecurityGroup(stack, 'open', {
      ingress: [{ fromPort: port.numberValue, toPort: port.numberValue, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
    });
    expect(synthError(app)).toMatch(/\[search\/open\] unverifiable-network: .*var\.port/);
  });

  test('an OpenSearch Serverless collection whose network policy allows public access fails synthesis', () => {
    const { app, stack } = awsStack();
    new OpensearchserverlessCollection(stack, 'logs', { name: 'logs' });
    new OpensearchserverlessSecurityPolicy(stack, 'network', {
      name: 'logs-network',
      type: 'network',
      policy: JSON.stringify([{ Rules: [{ ResourceType: 'collection', Resource: ['collection/logs'] }], AllowFromPublic: true }]),
    });
    expect(synthError(app)).toMatch(/\[search\/network\] public-endpoint: network policy aws_opensearchserverless_security_policy\.network/);
  });
});
