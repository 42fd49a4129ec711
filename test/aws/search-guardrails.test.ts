import { App, Aspects, CfnParameter, Fn, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { IConstruct } from 'constructs';
import { compliantDomain, guardedApp, guardReport, openRule, synthError } from './guard-apps';
import { SearchGuardrails, SecureSearchDomain } from '../../src/aws';

type Mutation = (domain: opensearch.CfnDomain, group: ec2.CfnSecurityGroup, stack: Stack) => void;
const param = (stack: Stack) => new CfnParameter(stack, 'Value').valueAsString;

describe('each rule fails synthesis on the offending construct, passes when compliant, and fails closed when unresolved', () => {
  const cases: Array<[string, Mutation, string | undefined]> = [
    ['a compliant domain', () => undefined, undefined],
    ['public-ingress: 0.0.0.0/0 to 443', (_d, g) => { g.securityGroupIngress = [openRule()]; }, '[Search/Sg] public-ingress: security group Sg'],
    ['public-ingress compliant: a private CIDR', (_d, g) => { g.securityGroupIngress = [openRule(443, '10.0.0.0/8')]; }, undefined],
    ['unverifiable-network: a CIDR parameter', (_d, g, s) => { g.securityGroupIngress = [openRule(443, param(s))]; }, '[Search/Sg] unverifiable-network:'],
    ['public-endpoint: no VPC', d => { d.addPropertyDeletionOverride('VPCOptions'); }, '[Search/Domain] public-endpoint:'],
    ['public-endpoint unresolved: VPCOptions from Fn::If with AWS::NoValue', d => { d.addPropertyOverride('VPCOptions', Fn.conditionIf('InVpc', { SubnetIds: ['subnet-1'] }, Fn.ref('AWS::NoValue'))); }, '[Search/Domain] public-endpoint:'],
    ['anonymous-access: anonymous auth', d => { d.addPropertyOverride('AdvancedSecurityOptions.AnonymousAuthEnabled', true); }, '[Search/Domain] anonymous-access:'],
    ['anonymous-access: access policy * without fine-grained access control', d => {
      d.addPropertyOverride('AdvancedSecurityOptions.Enabled', false);
      d.accessPolicies = { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }] };
    }, '[Search/Domain] anonymous-access:'],
    ['anonymous-access unresolved: a parameter', (d, _g, s) => { d.addPropertyOverride('AdvancedSecurityOptions.AnonymousAuthEnabled', param(s)); }, '[Search/Domain] anonymous-access:'],
    ['transport-unencrypted: HTTPS not enforced', d => { d.addPropertyOverride('DomainEndpointOptions.EnforceHTTPS', false); }, '[Search/Domain] transport-unencrypted:'],
    ['transport-unencrypted unresolved: a parameter', (d, _g, s) => { d.addPropertyOverride('NodeToNodeEncryptionOptions.Enabled', param(s)); }, '[Search/Domain] transport-unencrypted:'],
    ['unencrypted-at-rest: off', d => { d.addPropertyOverride('EncryptionAtRestOptions.Enabled', false); }, '[Search/Domain] unencrypted-at-rest:'],
    ['unencrypted-at-rest unresolved: a parameter', (d, _g, s) => { d.addPropertyOverride('EncryptionAtRestOptions.Enabled', param(s)); }, '[Search/Domain] unencrypted-at-rest:'],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const { app, stack } = guardedApp();
    const { domain, group } = compliantDomain(stack);
    mutate(domain, group!, stack);
    const error = synthError(app);
    if (expected === undefined) {
      expect(error).toBeUndefined();
    } else {
      expect(error).toContain('Validation failed with the following errors');
      expect(error).toContain(expected);
    }
  });

  test.each([
    ['public-allowlist', (_d: opensearch.CfnDomain, g: ec2.CfnSecurityGroup) => { g.securityGroupIngress = [openRule(443, '8.8.8.0/28')]; }, 'Search/Sg'],
    ['audit-logging-disabled', (d: opensearch.CfnDomain) => { d.addPropertyOverride('LogPublishingOptions.AUDIT_LOGS.Enabled', false); }, 'Search/Domain'],
  ])('%s is a warning in the validation report and does not fail synthesis', (rule, mutate, constructPath) => {
    const { app, stack } = guardedApp();
    const { domain, group } = compliantDomain(stack);
    mutate(domain, group!);
    const { violations } = guardReport(app);
    expect(violations.map(v => [v.ruleName, v.severity, v.violatingConstructs[0].constructPath])).toEqual([[rule, 'warning', constructPath]]);
    expect(violations[0].description).toMatch(new RegExp(`^${rule}: .+ - .+\\. .+\\.`));
  });
});

describe('what the guard sees', () => {
  test('Peer.anyIpv4() through the connections of a plain L2 domain fails on its security group', () => {
    const { app, stack } = guardedApp();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const domain = new opensearch.Domain(stack, 'L2', {
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      vpc,
      vpcSubnets: [{ subnets: [vpc.isolatedSubnets[0]] }],
      enforceHttps: true,
      nodeToNodeEncryption: true,
      encryptionAtRest: { enabled: true },
      fineGrainedAccessControl: { masterUserArn: 'arn:aws:iam::123456789012:role/admin' },
    });
    domain.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    expect(synthError(app)).toMatch(/\[Search\/L2\/SecurityGroup\/Resource\] public-ingress: .*0\.0\.0\.0\/0.*port 443/);
  });

  test('addPropertyOverride opening the group of a SecureSearchDomain fails synthesis', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const search = new SecureSearchDomain(stack, 'Search', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    (search.securityGroup.node.defaultChild as ec2.CfnSecurityGroup).addPropertyOverride('SecurityGroupIngress', [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }]);
    expect(synthError(app)).toContain('[Search/Search/SecurityGroup/Resource] public-ingress:');
  });

  test('a standalone ingress resource is attributed to itself', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    new ec2.CfnSecurityGroupIngress(stack, 'Open', { groupId: group!.attrGroupId, ...openRule(443) });
    expect(synthError(app)).toContain('[Search/Open] public-ingress:');
  });

  test('a group in another stack, opened there, fails through the cross-stack reference', () => {
    const app = new App();
    SearchGuardrails.enforce(app);
    const network = new Stack(app, 'Network');
    const sg = new ec2.CfnSecurityGroup(network, 'Shared', { groupDescription: 'shared', vpcId: 'vpc-12345678', securityGroupIngress: [openRule(443)] });
    compliantDomain(new Stack(app, 'Search'), sg);
    expect(synthError(app)).toContain('[Network/Shared] public-ingress:');
  });

  test('a stack inside a Stage that exists when the guard is enforced fails in the Stage\'s synthesis', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    SearchGuardrails.enforce(app);
    const { group } = compliantDomain(new Stack(stage, 'Search'));
    group!.securityGroupIngress = [openRule()];
    expect(synthError(app)).toContain('[Prod/Search/Sg] public-ingress:');
  });

  test('a Stage created after the guard is enforced fails in its own synthesis, on the offending construct', () => {
    const { app } = guardedApp();
    const { group } = compliantDomain(new Stack(new Stage(app, 'Later'), 'Search'));
    group!.securityGroupIngress = [openRule()];
    expect(synthError(app)).toContain('[Later/Search/Sg] public-ingress: security group Sg');
  });

  test('a Stage nested in a Stage created after the guard is enforced fails too', () => {
    const { app } = guardedApp();
    const { group } = compliantDomain(new Stack(new Stage(new Stage(app, 'Outer'), 'Inner'), 'Search'));
    group!.securityGroupIngress = [openRule()];
    expect(synthError(app)).toContain('[Outer/Inner/Search/Sg] public-ingress:');
  });

  test('a Stage synthesized before the App (as CDK Pipelines addStage does) fails the App synthesis', () => {
    const { app } = guardedApp();
    const early = new Stage(app, 'Early');
    const { group } = compliantDomain(new Stack(early, 'Search'));
    group!.securityGroupIngress = [openRule()];
    early.synth();
    expect(synthError(app)).toMatch(/Validation failed with the following errors:\n\s+\[\] \[Early\/Search\/Sg\] public-ingress: security group Sg/);
  });

  test('a Stage that an aspect creates while another Stage synthesizes, and that the App then synthesizes, fails the App synthesis (cdk CLI settings)', () => {
    // The cdk CLI sets failSynthOnValidationErrors to false: only the guard's validations fail synthesis.
    const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    SearchGuardrails.enforce(app);
    const first = new Stage(app, 'First');
    new Stack(first, 'Empty');
    const second = new Stage(app, 'Second');
    let made = false;
    Aspects.of(first).add({
      visit: (node: IConstruct) => {
        if (node !== first || made) return;
        made = true;
        // Second synthesizes after First (aws-cdk-lib synthesizes a Stage's Stages in order), so Made is written too.
        compliantDomain(new Stack(new Stage(second, 'Made'), 'Search')).group!.securityGroupIngress = [openRule()];
      },
    });
    expect(synthError(app)).toMatch(/Validation failed with the following errors:\n\s+\[\] \[Second\/Made\/Search\/Sg\] public-ingress:/);
  });

  test.each([
    ['the App', false],
    ['a Stage', true],
  ])('with skipValidation outside tests and the guard enforced on %s, the thrown error names the rule and the construct, not only the report file', (_on, onStage) => {
    const app = new App();
    const later = new Stage(app, 'Later');
    SearchGuardrails.enforce(onStage ? later : app);
    const { group } = compliantDomain(new Stack(later, 'Search'));
    group!.securityGroupIngress = [openRule()];
    const nodeEnv = process.env.NODE_ENV;
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.NODE_ENV = 'production'; // aws-cdk-lib's app mode "unknown": the short error
    let error: string | undefined;
    try {
      app.synth({ skipValidation: true });
    } catch (e: any) {
      error = String(e.message);
    } finally {
      process.env.NODE_ENV = nodeEnv;
      consoleError.mockRestore();
    }
    expect(error).toContain('search-guardrails failed synthesis:\n  [Later/Search/Sg] public-ingress: security group Sg');
    expect(error).toContain('Validation failed. A copy of this report can be found in');
  });

  test('an imported group fails closed, and passes once acknowledged with a reason', () => {
    const build = (acknowledge: boolean) => {
      const { app, stack } = guardedApp();
      const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0');
      const { domain } = compliantDomain(stack, imported.securityGroupId);
      if (acknowledge) Validations.of(domain).acknowledge({ id: 'search-guardrails::unverifiable-network', reason: 'group owned by the network team, reviewed' });
      return app;
    };
    expect(synthError(build(false))).toMatch(/\[Search\/Domain\] unverifiable-network: .*sg-0123456789abcdef0/);
    const { violations, suppressedViolations } = guardReport(build(true));
    expect(violations).toEqual([]);
    expect(suppressedViolations.map(v => [v.ruleName, v.reason])).toEqual([['unverifiable-network', 'group owned by the network team, reviewed']]);
  });

  test('an acknowledgement covers only its own subtree', () => {
    const { app, stack } = guardedApp();
    compliantDomain(stack);
    const p = new CfnParameter(stack, 'Cidr').valueAsString;
    const a = new ec2.CfnSecurityGroup(stack, 'A', { groupDescription: 'a', securityGroupIngress: [openRule(9200, p)] });
    new ec2.CfnSecurityGroup(stack, 'B', { groupDescription: 'b', securityGroupIngress: [openRule(9200, p)] });
    SearchGuardrails.acknowledge(a, 'unverifiable-network', 'CIDR chosen by the operators per region');
    const error = synthError(app);
    expect(error).toContain('[Search/B] unverifiable-network:');
    expect(error).not.toContain('[Search/A]');
  });

  test('acknowledging public-ingress with Validations does not help, and says why', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    group!.securityGroupIngress = [openRule()];
    Validations.of(group!).acknowledge({ id: 'search-guardrails::public-ingress', reason: 'the business wants it open' });
    const error = synthError(app);
    expect(error).toContain('[Search/Sg] public-ingress:');
    expect(error).toContain('(The acknowledgement of public-ingress at Search/Sg is ignored: public-ingress cannot be acknowledged');
  });

  test('SearchGuardrails.acknowledge refuses non-acknowledgeable rules and short reasons', () => {
    const { stack } = guardedApp();
    expect(() => SearchGuardrails.acknowledge(stack, 'public-ingress', 'the business wants it open')).toThrow(/^SearchGuardrails.acknowledge\(Search, "public-ingress"\) is refused: public-ingress cannot be acknowledged/);
    expect(() => SearchGuardrails.acknowledge(stack, 'unverifiable-network', 'short')).toThrow(/is refused: the reason must have at least 10 characters/);
  });

  test('a stack that another aspect adds during synthesis is guarded (the guard reads the stacks after every aspect ran)', () => {
    const { app } = guardedApp();
    let added = false;
    Aspects.of(app).add({
      visit: (node: IConstruct) => {
        if (node !== app || added) return;
        added = true;
        compliantDomain(new Stack(app, 'AddedByAspect')).group!.securityGroupIngress = [openRule()];
      },
    });
    expect(synthError(app)).toContain('[AddedByAspect/Sg] public-ingress:');
  });

  test('enforce adds no aspect to the App or a Stage (aws-cdk-lib charges an aspect on every construct)', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    SearchGuardrails.enforce(app);
    expect(Aspects.of(app).all).toHaveLength(0);
    expect(Aspects.of(stage).all).toHaveLength(0);
  });

  test('enforcing twice registers the guard once', () => {
    const { app, stack } = guardedApp();
    SearchGuardrails.enforce(app);
    const { group } = compliantDomain(stack);
    group!.securityGroupIngress = [openRule()];
    expect(synthError(app)!.match(/public-ingress:/g)).toHaveLength(1);
  });

  test('a fully secure app with a SecureSearchDomain, a client and an L2 access policy naming a role passes', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const search = new SecureSearchDomain(stack, 'Search', { vpc, accessPrincipals: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/app')] });
    search.grantNetworkAccess(new ec2.SecurityGroup(stack, 'App', { vpc }));
    search.grantNetworkAccess(ec2.Peer.ipv4(vpc.vpcCidrBlock));
    expect(synthError(app)).toBeUndefined();
    expect(guardReport(app).violations).toEqual([]);
  });
});

describe('network access granted to a SecureSearchDomain', () => {
  const ENV = { account: '123456789012', region: 'eu-west-1' };

  /** A guarded app whose SecureSearchDomain sits in a looked-up VPC; `context` answers the lookup. */
  function lookedUpVpcApp(context: Record<string, unknown> = {}) {
    const app = new App({ context });
    const stack = new Stack(app, 'Search', { env: ENV });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });
    const search = new SecureSearchDomain(stack, 'Search', { vpc });
    return { app, stack, vpc, search };
  }

  test('a CIDR string from JavaScript is granted as Peer.ipv4, on port 443', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const search = new SecureSearchDomain(stack, 'Search', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    search.grantNetworkAccess('10.0.0.0/16' as any);
    expect(synthError(app)).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  test.each([
    ['a text that is no CIDR', 'ten-dot-zero', /^grantNetworkAccess on Search\/Search got "ten-dot-zero", which is not a CIDR\. Pass a security group/],
    ['a number', 443, /^grantNetworkAccess on Search\/Search got number 443, which is neither a CIDR nor an IConnectable\./],
  ])('%s from JavaScript throws one clear line', (_name, peer, expected) => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const search = new SecureSearchDomain(stack, 'Search', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    let error: any;
    try {
      search.grantNetworkAccess(peer as any);
    } catch (e) {
      error = e;
    }
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('\n');
    expect(error.stack).toBe(`GuardrailsInputError: ${error.message}`);
  });

  test('Peer.anyIpv4() throws the public-ingress message with no stack frame', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const search = new SecureSearchDomain(stack, 'Search', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    let error: any;
    try {
      search.grantNetworkAccess(ec2.Peer.anyIpv4());
    } catch (e) {
      error = e;
    }
    expect(error.message).toMatch(/^public-ingress: network access from 0\.0\.0\.0\/0 to search domain Search\/Search port 443 \(HTTPS\) is refused/);
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  test('the VPC CIDR of a pending Vpc.fromLookup does not throw, and the guard defers with a warning until the lookup resolves', () => {
    const { app, vpc, search } = lookedUpVpcApp();
    expect(() => search.grantNetworkAccess(ec2.Peer.ipv4(vpc.vpcCidrBlock))).not.toThrow();
    const assembly = app.synth();
    expect(assembly.manifest.missing?.map(m => m.provider)).toContain('vpc-provider');
    const warnings = assembly.getStackByName('Search').messages.filter(m => m.level === 'warning').map(m => String(m.entry.data));
    expect(warnings.some(w => w.includes('search-guardrails defers') && w.includes('public-ingress'))).toBe(true);
  });

  test('once the lookup has resolved, the looked-up private VPC CIDR passes and a public one fails', () => {
    const key = lookedUpVpcApp().app.synth().manifest.missing!.find(m => m.provider === 'vpc-provider')!.key;
    const answer = (cidr: string) => ({
      [key]: {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidrBlock: cidr,
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        subnetGroups: [{
          name: 'Private',
          type: 'Private',
          subnets: [
            { subnetId: 'subnet-000000000000000a1', cidr: '10.1.0.0/24', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-000000000000000a1' },
            { subnetId: 'subnet-000000000000000b1', cidr: '10.1.1.0/24', availabilityZone: 'eu-west-1b', routeTableId: 'rtb-000000000000000b1' },
          ],
        }],
      },
    });
    const resolved = lookedUpVpcApp(answer('10.1.0.0/16'));
    resolved.search.grantNetworkAccess(ec2.Peer.ipv4(resolved.vpc.vpcCidrBlock));
    expect(synthError(resolved.app)).toBeUndefined();
    const publicVpc = lookedUpVpcApp(answer('8.0.0.0/8'));
    expect(() => publicVpc.search.grantNetworkAccess(ec2.Peer.ipv4(publicVpc.vpc.vpcCidrBlock))).toThrow(/^public-ingress: network access from 8\.0\.0\.0\/8/);
  });
});

describe('acknowledgements that match nothing', () => {
  test('an acknowledgement whose subtree has no such finding is a warning on its construct, naming it', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    SearchGuardrails.acknowledge(group!, 'unverifiable-network', 'group owned by the network team, reviewed');
    const assembly = app.synth();
    const warnings = assembly.getStackByName('Search').messages.filter(m => m.level === 'warning').map(m => [m.id, String(m.entry.data)]);
    expect(warnings).toEqual([['/Search/Sg', expect.stringMatching(/^search-guardrails: the acknowledgement of unverifiable-network at Search\/Sg \("group owned by the network team, reviewed"\) matches no finding in its subtree\./)]]);
  });

  test('an acknowledgement that covers a finding is no warning', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    group!.securityGroupIngress = [openRule(443, '8.8.8.0/28')];
    SearchGuardrails.acknowledge(group!, 'public-allowlist', 'the office NAT range, reviewed 2026-11');
    const assembly = app.synth();
    expect(assembly.getStackByName('Search').messages.filter(m => String(m.entry.data).includes('matches no finding'))).toEqual([]);
  });
});
