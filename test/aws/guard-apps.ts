/** Small real apps for the guard tests: a compliant raw domain, and helpers to synthesize them. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { SearchGuardrails } from '../../src/aws';

/** A guarded app with one stack. */
export function guardedApp(): { app: App; stack: Stack } {
  const app = new App();
  SearchGuardrails.enforce(app);
  return { app, stack: new Stack(app, 'Search') };
}

/** A raw domain with every protection on, in a VPC behind `group` (or a new group without ingress). */
export function compliantDomain(stack: Stack, group?: ec2.CfnSecurityGroup | string): { domain: opensearch.CfnDomain; group?: ec2.CfnSecurityGroup } {
  const sg = group ?? new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'search', vpcId: 'vpc-12345678' });
  const log = { cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:search', enabled: true };
  const domain = new opensearch.CfnDomain(stack, 'Domain', {
    engineVersion: 'OpenSearch_2.19',
    vpcOptions: { subnetIds: ['subnet-12345678'], securityGroupIds: [typeof sg === 'string' ? sg : sg.attrGroupId] },
    advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: 'arn:aws:iam::123456789012:role/search-admin' } },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    nodeToNodeEncryptionOptions: { enabled: true },
    encryptionAtRestOptions: { enabled: true },
    logPublishingOptions: { AUDIT_LOGS: log, ES_APPLICATION_LOGS: log, SEARCH_SLOW_LOGS: log },
  });
  return { domain, group: typeof sg === 'string' ? undefined : sg };
}

/** The message `app.synth()` throws, or undefined when it passes. */
export function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e: any) {
    return String(e.message);
  }
}

/** The search-guardrails part of the validation report of a synthesized app. */
export function guardReport(app: App): { violations: any[]; suppressedViolations: any[] } {
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf-8'));
  const ours = report.pluginReports.find((r: any) => r.pluginName === 'search-guardrails') ?? {};
  return { violations: ours.violations ?? [], suppressedViolations: ours.suppressedViolations ?? [] };
}

export const openRule = (port = 443, cidr = '0.0.0.0/0') => ({ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIp: cidr });
