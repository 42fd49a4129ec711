import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, CfnRule, DefaultStackSynthesizer, Fn, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { SearchGuardrails } from '../../../src/aws';

/** Every file of a cloud assembly (nested assemblies included), by relative path, as text. */
function assemblyFiles(outdir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.template.json')) files.set(path.relative(outdir, full), fs.readFileSync(full, 'utf-8'));
    }
  };
  walk(outdir);
  return files;
}

/** Synthesizes the app `build` makes, without and with the guard, and returns both sets of templates. */
function bothWays(build: (app: App) => void): { bare: Map<string, string>; guarded: Map<string, string> } {
  const synth = (guard: boolean) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-once-'));
    const app = new App({ outdir });
    build(app);
    if (guard) SearchGuardrails.enforce(app);
    app.synth();
    return assemblyFiles(outdir);
  };
  return { bare: synth(false), guarded: synth(true) };
}

function privateGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, { vpc, allowAllOutbound: false });
  group.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(443), 'HTTPS from the VPC');
  return group;
}

function importedVpc(scope: Construct): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
  });
}

describe('the guard renders each template once: what synthesis writes is the same to the byte as without the guard', () => {
  test.each<[string, (app: App) => void]>([
    ['a stack with security groups and no Parameters or Rules of its own', app => {
      const stack = new Stack(app, 'Plain');
      privateGroup(stack, 'Sg', importedVpc(stack));
    }],
    ['a stack that already has Parameters and Rules (the synthesizer appends to both sections)', app => {
      const stack = new Stack(app, 'Sections');
      const env = new CfnParameter(stack, 'EnvName', { default: 'dev' });
      new CfnRule(stack, 'OnlyDev', { assertions: [{ assert: Fn.conditionEquals(env.valueAsString, 'dev'), assertDescription: 'dev only' }] });
      privateGroup(stack, 'Sg', importedVpc(stack));
    }],
    ['two stacks with a cross-stack reference, in a Stage, with suppressTemplateIndentation on one', app => {
      const stage = new Stage(app, 'Prod');
      const network = new Stack(stage, 'Network');
      const group = privateGroup(network, 'Sg', importedVpc(network));
      const consumer = new Stack(stage, 'Consumer', { suppressTemplateIndentation: true });
      new ec2.CfnSecurityGroupIngress(consumer, 'FromPeers', { groupId: group.securityGroupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '172.16.0.0/12' });
    }],
    ['a nested stack, and a stack whose synthesizer adds no bootstrap rule', app => {
      const parent = new Stack(app, 'Parent');
      const nested = new NestedStack(parent, 'Inner');
      privateGroup(nested, 'Sg', importedVpc(nested));
      const quiet = new Stack(app, 'Quiet', { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
      privateGroup(quiet, 'Sg', importedVpc(quiet));
    }],
    ['an L2 Domain with logging and an access policy (log groups and custom resources)', app => {
      const stack = new Stack(app, 'Search');
      const vpc = importedVpc(stack);
      new opensearch.Domain(stack, 'Domain', {
        version: opensearch.EngineVersion.OPENSEARCH_2_11,
        vpc,
        vpcSubnets: [{ subnets: vpc.privateSubnets }],
        securityGroups: [privateGroup(stack, 'Sg', vpc)],
        zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
        capacity: { dataNodes: 2, multiAzWithStandbyEnabled: false },
        encryptionAtRest: { enabled: true },
        nodeToNodeEncryption: true,
        enforceHttps: true,
        tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
        fineGrainedAccessControl: { masterUserArn: 'arn:aws:iam::111122223333:role/search-admin' },
        logging: { slowSearchLogEnabled: true, appLogEnabled: true, auditLogEnabled: true },
        accessPolicies: [new iam.PolicyStatement({ principals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/client')], actions: ['es:ESHttp*'], resources: ['*'] })],
      });
    }],
  ])('%s', (_name, build) => {
    const { bare, guarded } = bothWays(build);
    expect([...guarded.keys()].sort()).toEqual([...bare.keys()].sort());
    expect(bare.size).toBeGreaterThan(0);
    for (const [file, text] of bare) expect({ file, text: guarded.get(file) }).toEqual({ file, text });
  });

  test('guarded synthesis renders each stack once, where it rendered each twice before', () => {
    const prototype = Stack.prototype as any;
    const original = prototype._toCloudFormation;
    let renders = 0;
    prototype._toCloudFormation = function counted(this: Stack) {
      renders++;
      return original.call(this);
    };
    try {
      bothWays(app => {
        for (const id of ['One', 'Two', 'Three']) privateGroup(new Stack(app, id), 'Sg', importedVpc(new Stack(app, `${id}Vpc`)));
      });
    } finally {
      prototype._toCloudFormation = original;
    }
    // Six stacks: six renders bare, six guarded (the guard's render is the one synthesis writes).
    expect(renders).toBe(12);
  });

  test('the offer to reuse a render is withdrawn once the synthesis is over, so a changed app renders anew', async () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'render-once-')) });
    const stack = new Stack(app, 'Changing');
    const group = privateGroup(stack, 'Sg', importedVpc(stack));
    SearchGuardrails.enforce(app);
    app.synth();
    await Promise.resolve();
    expect(Object.prototype.hasOwnProperty.call(stack, '_toCloudFormation')).toBe(false);
    group.addIngressRule(ec2.Peer.ipv4('192.168.0.0/16'), ec2.Port.tcp(443), 'added later');
    expect(JSON.stringify((stack as any)._toCloudFormation())).toContain('192.168.0.0/16');
  });
});

describe('the guard allocates no logical id of its own when it reports nothing', () => {
  /** A stack that counts the logical ids allocated for it (`allocateLogicalId` is aws-cdk-lib's extension point for them). */
  class CountingStack extends Stack {
    public allocations = 0;
    protected allocateLogicalId(element: any): string {
      this.allocations++;
      return super.allocateLogicalId(element);
    }
  }
  const synth = (guard: boolean, open: boolean) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'logical-ids-')) });
    const stack = new CountingStack(app, 'Counted');
    const vpc = importedVpc(stack);
    for (let i = 0; i < 5; i++) privateGroup(stack, `Sg${i}`, vpc);
    const nodes = privateGroup(stack, 'Nodes', vpc);
    if (open) nodes.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'open');
    const logs = { cloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:search', enabled: true };
    new opensearch.CfnDomain(stack, 'Domain', {
      vpcOptions: { subnetIds: vpc.privateSubnets.map(s => s.subnetId), securityGroupIds: [nodes.securityGroupId] },
      encryptionAtRestOptions: { enabled: true },
      nodeToNodeEncryptionOptions: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: 'arn:aws:iam::111122223333:role/admin' } },
      logPublishingOptions: { AUDIT_LOGS: logs, ES_APPLICATION_LOGS: logs, SEARCH_SLOW_LOGS: logs },
    });
    if (guard) SearchGuardrails.enforce(app);
    let error: string | undefined;
    try {
      app.synth();
    } catch (e) {
      error = (e as Error).message;
    }
    return { allocations: stack.allocations, error };
  };

  test('a clean app allocates as many as without the guard; a finding still names its construct path', () => {
    const bare = synth(false, false);
    expect(bare.allocations).toBeGreaterThan(0);
    expect(synth(true, false)).toEqual({ allocations: bare.allocations, error: undefined });
    const exposed = synth(true, true);
    expect(exposed.error).toContain('[Counted/Nodes/Resource] public-ingress');
  });
});
