/**
 * The bootstrap script, run for real: the cloud-config of each synthesized node is laid out in a
 * scratch root, and three nodes boot at once against a local stand-in for the control plane (IMDS,
 * Key Vault, the Elasticsearch service and its password tool). Certificates are made by the
 * script with the real openssl. What this proves is the script's behaviour against documented
 * answers, not Azure's.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { ControlPlaneStandIn } from './control-plane-stand-in';
import { writeNodeStandIns } from './node-stand-ins';
import { cloudConfigOf, clusterJson, machines, resourceEntries, resourcesOf } from './synth';

const SCRIPT = '/usr/local/sbin/search-guardrails-bootstrap';
const LOAD_BALANCER_IP = '10.42.1.4';
const AUTOCONF_PASSWORD = 'Auto-Configured-Password-From-The-Package-42';
/** systemd's Restart=on-failure, bounded here. */
const MAX_ATTEMPTS = 2;

interface NodeRun {
  readonly root: string;
  attempts: number;
  exitCode: number | null;
  log: string;
}

interface Harness {
  readonly dir: string;
  readonly bin: string;
  readonly tools: string;
  readonly standIn: ControlPlaneStandIn;
  readonly vms: any[];
}

/** Lays out what cloud-init would write for `vm` (write_files with their modes) in a fresh root. */
function layOutNode(harness: Harness, index: number, name: string): string {
  const root = path.join(harness.dir, name);
  fs.rmSync(root, { recursive: true, force: true });
  for (const file of cloudConfigOf(harness.vms[index]).write_files) {
    const target = path.join(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content, { mode: parseInt(file.permissions, 8) });
  }
  for (const dir of ['etc/apt/sources.list.d', 'etc/elasticsearch', 'usr/share/keyrings', 'dev/disk/azure/scsi1']) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  }
  fs.writeFileSync(path.join(root, 'etc/fstab'), '');
  // There is no internet here: the apt keyring is in place, so the script does not fetch Elastic's key.
  fs.writeFileSync(path.join(root, 'usr/share/keyrings/elasticsearch-keyring.gpg'), 'stand-in keyring');
  // Where the stand-in talks instead of 169.254.169.254 and the node's own address; short retries.
  fs.appendFileSync(path.join(root, 'etc/search-guardrails/bootstrap.env'), [
    `IMDS_ENDPOINT=${harness.standIn.url}/node-${index}`,
    `ES_URL=${harness.standIn.url}/es/node-${index}`,
    'RETRY_SECONDS=0.2',
    'RETRY_LIMIT=150',
    '',
  ].join('\n'));
  return root;
}

/** Runs the node's bootstrap as its systemd unit would: again after a failure, up to MAX_ATTEMPTS. */
async function boot(harness: Harness, index: number, root: string, dataDisk: string): Promise<NodeRun> {
  const run: NodeRun = { root, attempts: 0, exitCode: null, log: '' };
  while (run.attempts < MAX_ATTEMPTS && run.exitCode !== 0) {
    run.attempts++;
    run.exitCode = await new Promise<number | null>(resolve => {
      const child = spawn('bash', [path.join(root, SCRIPT)], {
        env: {
          PATH: `${harness.bin}:${process.env.PATH}`,
          SEARCH_GUARDRAILS_ROOT: root,
          DATA_DEVICE: dataDisk,
          STAND_IN_ES_URL: `${harness.standIn.url}/es/node-${index}`,
          STAND_IN_TOOLS: harness.tools,
          STAND_IN_AUTOCONF_PASSWORD: AUTOCONF_PASSWORD,
          // Nothing leaves the machine: anything but loopback goes to a closed port.
          http_proxy: 'http://127.0.0.1:9',
          https_proxy: 'http://127.0.0.1:9',
          no_proxy: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', d => { run.log += d; });
      child.stderr.on('data', d => { run.log += d; });
      child.on('close', code => resolve(code));
    });
  }
  return run;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

describe('the bootstrap script against a local stand-in for the control plane (IMDS, Key Vault, Elasticsearch), not Azure', () => {
  let harness: Harness;
  let runs: NodeRun[];
  let dataDisks: string[];
  let json: any;

  beforeAll(async () => {
    json = clusterJson();
    const vms = machines(json);
    // Each identity holds the roles the synthesized role assignments give it.
    const identities = resourceEntries(json, 'azurerm_user_assigned_identity').map(([id]) => id);
    const rolesOf = (identity: string) => resourcesOf(json, 'azurerm_role_assignment')
      .filter(r => r.principal_id === `\${azurerm_user_assigned_identity.${identity}.principal_id}`)
      .map(r => r.role_definition_name);
    const standIn = new ControlPlaneStandIn({
      nodes: vms.map((vm, index) => ({ index, name: vm.name, userData: vm.user_data, roles: rolesOf(identities[index]) })),
      forbiddenForMs: 3000,
      serverErrorEvery: 7,
      greenAfterMs: 2000,
    });
    await standIn.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-bootstrap-'));
    harness = { dir, ...writeNodeStandIns(path.join(dir, 'stand-ins')), standIn, vms };
    dataDisks = vms.map((_, index) => {
      const disk = path.join(dir, `data-disk-${index}`);
      fs.writeFileSync(disk, ''); // attached, empty
      return disk;
    });
    const roots = vms.map((vm, index) => layOutNode(harness, index, vm.name));
    runs = await Promise.all(roots.map((root, index) => boot(harness, index, root, dataDisks[index])));
  });

  afterAll(async () => {
    await harness?.standIn.stop();
  });

  test('all three nodes finish their bootstrap at the first attempt, through 403s and 5xx', () => {
    expect(runs.map(r => [r.exitCode, r.attempts])).toEqual([[0, 1], [0, 1], [0, 1]]);
    const vault = harness.standIn.vaultEvents();
    expect(vault.filter(e => e.status === 403).length).toBeGreaterThan(0);
    expect(vault.filter(e => e.status === 503).length).toBeGreaterThan(0);
    expect(harness.standIn.events.filter(e => e.kind === 'imds' && e.status === 500).length).toBeGreaterThan(0);
  });

  test('exactly one CA: node 0 mints it after an explicit 404, and every node holds that CA', () => {
    const puts = harness.standIn.vaultEvents('PUT').filter(e => e.status === 200 && e.secret!.startsWith('es-ca'));
    expect(puts.map(e => [e.secret, e.node])).toEqual([['es-ca-key', 0], ['es-ca-cert', 0]]);
    const lookups = harness.standIn.vaultEvents('GET', 'es-ca-cert').filter(e => e.node === 0 && e.at <= puts[0].at);
    expect(lookups[lookups.length - 1].status).toBe(404);
    expect(lookups.some(e => e.status === 403)).toBe(true); // and a 403 did not mint one
    const ca = harness.standIn.secret('es-ca-cert')!;
    for (const run of runs) expect(read(run.root, 'etc/elasticsearch/certs/ca.crt')).toBe(ca);
    expect(openssl('x509', '-noout', '-ext', 'basicConstraints', '-in', path.join(runs[0].root, 'etc/elasticsearch/certs/ca.crt'))).toMatch(/CA:TRUE/);
  });

  test('every node certificate is signed by the CA and names the node and the load balancer address', () => {
    runs.forEach((run, index) => {
      const certs = path.join(run.root, 'etc/elasticsearch/certs');
      expect(openssl('verify', '-CAfile', path.join(certs, 'ca.crt'), path.join(certs, 'node.crt')).trim()).toBe(`${path.join(certs, 'node.crt')}: OK`);
      const sans = openssl('x509', '-noout', '-ext', 'subjectAltName', '-in', path.join(certs, 'node.crt'));
      expect(sans).toContain(`DNS:es-${index}, IP Address:10.42.1.${10 + index}, IP Address:${LOAD_BALANCER_IP}`);
      // The key is the node's own and matches its certificate.
      expect(openssl('pkey', '-pubout', '-in', path.join(certs, 'node.key'))).toBe(openssl('x509', '-noout', '-pubkey', '-in', path.join(certs, 'node.crt')));
      expect((fs.statSync(path.join(certs, 'node.key')).mode % 0o1000).toString(8)).toBe('640'); // root:elasticsearch, group-readable only
    });
  });

  test('the elastic password is set once the cluster is green, stored once, without a trailing newline', () => {
    const stored = harness.standIn.vaultEvents('PUT', 'elastic-password').filter(e => e.status === 200);
    expect(stored.map(e => e.node)).toEqual([0]);
    expect(harness.standIn.greenAt).toBeDefined();
    expect(stored[0].at).toBeGreaterThanOrEqual(harness.standIn.greenAt!);
    // The tool was asked while red, refused, and was asked again.
    const resets = harness.standIn.events.filter(e => e.kind === 'reset-password');
    expect(resets.some(e => e.status === 503)).toBe(true);
    expect(resets.filter(e => e.status === 200)).toHaveLength(1);
    expect(harness.standIn.secret('elastic-password')).toBe(harness.standIn.passwords[0]);
    expect(harness.standIn.secret('elastic-password')).not.toMatch(/\s/);
  });

  test('each node reads only the secrets it needs: nobody reads the password, the CA key is read once to sign', () => {
    const reads = harness.standIn.vaultEvents('GET').filter(e => e.status === 200);
    expect(reads.filter(e => e.secret === 'elastic-password')).toEqual([]);
    expect([0, 1, 2].map(node => reads.filter(e => e.secret === 'es-ca-key' && e.node === node).length)).toEqual([1, 1, 1]);
    expect(new Set(reads.map(e => e.secret))).toEqual(new Set(['es-ca-cert', 'es-ca-key', 'es-cluster-formed']));
  });

  test('the cluster forms with cluster.initial_master_nodes, which every node then removes', () => {
    const starts = harness.standIn.events.filter(e => e.kind === 'es-start' && e.config !== undefined);
    expect(starts.map(e => e.node).sort()).toEqual([0, 1, 2]);
    for (const start of starts) expect(start.config).toContain('cluster.initial_master_nodes: [es-0,es-1,es-2]\n');
    runs.forEach((run, index) => {
      const yml = read(run.root, 'etc/elasticsearch/elasticsearch.yml');
      expect(yml).not.toContain('initial_master_nodes');
      expect(yml).toContain(`network.host: 10.42.1.${10 + index}`);
      expect(read(run.root, 'etc/elasticsearch/unicast_hosts.txt')).toBe('10.42.1.10:9300\n10.42.1.11:9300\n10.42.1.12:9300\n');
    });
  });

  test('the package auto-configuration is undone: no password hash or keystore passwords, no generated certificates', () => {
    for (const run of runs) {
      expect(read(run.root, 'etc/elasticsearch/elasticsearch.keystore')).toBe('keystore.seed\n');
      expect(fs.readdirSync(path.join(run.root, 'etc/elasticsearch/certs')).sort()).toEqual(['ca.crt', 'node.crt', 'node.key']);
      expect(read(run.root, 'var/lib/dpkg/stand-in-elasticsearch.version')).toBe('8.15.3');
    }
  });

  test('the data disk is formatted once and mounted on /var/lib/elasticsearch through fstab', () => {
    runs.forEach((run, index) => {
      expect(read(run.root, '.stand-in-formatted')).toBe(`${dataDisks[index]}\n`);
      expect(read(run.root, 'etc/fstab')).toMatch(/^UUID=stand-in-uuid-\d+ \/var\/lib\/elasticsearch ext4 defaults,nofail,x-systemd.device-timeout=10 0 2\n$/);
      expect(read(run.root, '.stand-in-mounts')).toBe(`${path.join(run.root, 'var/lib/elasticsearch')}\n`);
    });
  });

  test('no secret is in any log the script writes: not the password, the generated one, a token or a private key', () => {
    const secrets = [
      harness.standIn.secret('elastic-password')!,
      AUTOCONF_PASSWORD,
      ...harness.standIn.tokens,
      ...[harness.standIn.secret('es-ca-key')!, ...runs.map(r => read(r.root, 'etc/elasticsearch/certs/node.key'))]
        .flatMap(pem => pem.split('\n').filter(line => line.length > 40)),
    ];
    const logs = runs.map(r => r.log).join('\n');
    expect(logs).toContain('search-guardrails: node es-0 is up');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });

  test('the documented curl --cacert through the load balancer address verifies the node certificate and logs in as elastic', async () => {
    const certs = path.join(runs[1].root, 'etc/elasticsearch/certs');
    const password = harness.standIn.secret('elastic-password')!;
    const expected = `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;
    // The node as the load balancer reaches it: TLS with its own key and certificate, basic auth.
    const server = https.createServer({ key: read(certs, 'node.key'), cert: read(certs, 'node.crt') }, (req, res) => {
      res.writeHead(req.headers.authorization === expected ? 200 : 401).end(req.headers.authorization === expected ? '{"cluster_name":"es"}' : '');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    fs.writeFileSync(path.join(harness.dir, 'ca.crt'), harness.standIn.secret('es-ca-cert')!);
    fs.writeFileSync(path.join(harness.dir, 'password'), password);
    try {
      // docs/azure.md: curl --cacert ca.crt -u "elastic:$(cat password)" https://<load balancer>:9200/
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn('bash', ['-c', `curl -sS --fail --cacert ca.crt -u "elastic:$(cat password)" --connect-to ${LOAD_BALANCER_IP}:9200:127.0.0.1:${port} https://${LOAD_BALANCER_IP}:9200/`],
          { cwd: harness.dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', d => { out += d; });
        child.stderr.on('data', d => { err += d; });
        child.on('close', code => (code === 0 ? resolve(out) : reject(new Error(`curl exited ${code}: ${err}`))));
      });
      expect(output).toBe('{"cluster_name":"es"}');
    } finally {
      server.close();
    }
  });

  test('a re-created node 0 reuses the CA, keeps the password and joins without cluster.initial_master_nodes', async () => {
    const caPuts = () => harness.standIn.vaultEvents('PUT').filter(e => e.status === 200 && e.secret!.startsWith('es-ca')).length;
    const passwordPuts = () => harness.standIn.vaultEvents('PUT', 'elastic-password').filter(e => e.status === 200).length;
    const before = { ca: caPuts(), password: passwordPuts(), starts: harness.standIn.events.filter(e => e.kind === 'es-start' && e.config).length };
    // A new VM: a fresh OS disk, the same managed data disk.
    const root = layOutNode(harness, 0, 'es-0-recreated');
    const run = await boot(harness, 0, root, dataDisks[0]);
    expect([run.exitCode, run.attempts]).toEqual([0, 1]);
    expect({ ca: caPuts(), password: passwordPuts() }).toEqual({ ca: before.ca, password: before.password });
    const certs = path.join(root, 'etc/elasticsearch/certs');
    expect(read(certs, 'ca.crt')).toBe(harness.standIn.secret('es-ca-cert'));
    expect(openssl('verify', '-CAfile', path.join(certs, 'ca.crt'), path.join(certs, 'node.crt')).trim()).toMatch(/: OK$/);
    const starts = harness.standIn.events.filter(e => e.kind === 'es-start' && e.config);
    expect(starts).toHaveLength(before.starts + 1);
    expect(starts[starts.length - 1].config).not.toContain('initial_master_nodes');
    expect(fs.existsSync(path.join(root, '.stand-in-formatted'))).toBe(false); // its data disk is reused as it is
  });
});

describe('the bootstrap script reads user_data without running it (stand-in control plane, not Azure)', () => {
  test('a user_data value that is not of the form the construct writes stops the bootstrap before anything is installed', async () => {
    const vm = machines(clusterJson())[1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-bootstrap-injected-'));
    const marker = path.join(dir, 'injected');
    const injected = Buffer.from(`ES_VERSION=8.15.3$(touch ${marker})\nSEED_HOSTS=10.42.1.10:9300\nINITIAL_MASTER_NODES=es-0\n`).toString('base64');
    const standIn = new ControlPlaneStandIn({
      nodes: [{ index: 0, name: vm.name, userData: injected, roles: [] }], forbiddenForMs: 0, serverErrorEvery: 1000, greenAfterMs: 0,
    });
    await standIn.start();
    try {
      const harness: Harness = { dir, ...writeNodeStandIns(path.join(dir, 'stand-ins')), standIn, vms: [vm] };
      const root = layOutNode(harness, 0, vm.name);
      const disk = path.join(dir, 'data-disk');
      fs.writeFileSync(disk, '');
      const run = await boot(harness, 0, root, disk);
      expect(run.exitCode).not.toBe(0);
      expect(run.log).toContain('search-guardrails: user data has no valid ES_VERSION');
      expect(fs.existsSync(path.join(root, 'var/lib/dpkg/stand-in-elasticsearch.version'))).toBe(false);
      expect(standIn.vaultEvents()).toEqual([]);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      await standIn.stop();
    }
  });
});
