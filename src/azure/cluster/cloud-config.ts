/**
 * What a node boots with, split by how often it may change:
 *
 * - `custom_data` (a change replaces the VM, azurerm marks it ForceNew): the `#cloud-config` with
 *   what never changes for a node: its name, index and address, the security settings in
 *   `elasticsearch.yml`, the bootstrap script and its systemd unit. Rendered with the `yaml`
 *   library, base64-encoded, a literal the guard reads.
 * - `user_data` (updated in place, read by the bootstrap from the instance metadata service): the
 *   Elasticsearch version, the seed hosts and the initial master nodes. A new node count or patch
 *   version updates every VM in place and replaces none.
 *
 * Neither holds a secret: certificates and the `elastic` password are created on the nodes (see
 * bootstrap-script.ts). Validated in the tests with `cloud-init schema` and `shellcheck`.
 */
import { stringify } from 'yaml';
import { BOOTSTRAP_SCRIPT } from './bootstrap-script';

/** What a node's `custom_data` holds: nothing that changes with the cluster's size or version. */
export interface NodeConfigInput {
  readonly clusterName: string;
  readonly nodeName: string;
  readonly nodeIndex: number;
  readonly nodeAddress: string;
  readonly loadBalancerAddress: string;
}

/** What every node's `user_data` holds. */
export interface ClusterLayoutInput {
  readonly elasticsearchVersion: string;
  readonly nodeNames: readonly string[];
  readonly nodeAddresses: readonly string[];
}

export const HTTP_PORT = 9200;
export const TRANSPORT_PORT = 9300;
export const BOOTSTRAP_UNIT = 'search-guardrails-bootstrap.service';
export const BOOTSTRAP_PATH = '/usr/local/sbin/search-guardrails-bootstrap';
/** The VM tag the bootstrap reads the vault's URI from (tags are updated in place). */
export const KEY_VAULT_URI_TAG = 'search-guardrails:key-vault-uri';

/**
 * elasticsearch.yml: security, TLS on HTTP and transport, the private address, discovery through
 * `unicast_hosts.txt` (re-read without a restart). The bootstrap adds `cluster.initial_master_nodes`
 * until the cluster has formed.
 * https://www.elastic.co/guide/en/elasticsearch/reference/8.15/security-basic-setup-https.html
 * https://www.elastic.co/guide/en/elasticsearch/reference/8.15/discovery-hosts-providers.html#settings-based-hosts-provider
 */
export function renderElasticsearchYml(input: NodeConfigInput): string {
  const tls = (layer: 'http' | 'transport') => ({
    [`xpack.security.${layer}.ssl.enabled`]: true,
    [`xpack.security.${layer}.ssl.key`]: 'certs/node.key',
    [`xpack.security.${layer}.ssl.certificate`]: 'certs/node.crt',
    [`xpack.security.${layer}.ssl.certificate_authorities`]: ['certs/ca.crt'],
  });
  return stringify({
    'cluster.name': input.clusterName,
    'node.name': input.nodeName,
    'network.host': input.nodeAddress,
    'http.port': HTTP_PORT,
    'transport.port': TRANSPORT_PORT,
    'discovery.seed_providers': 'file',
    'path.data': '/var/lib/elasticsearch',
    'path.logs': '/var/log/elasticsearch',
    'action.destructive_requires_name': true,
    'xpack.security.enabled': true,
    'xpack.security.enrollment.enabled': false,
    ...tls('http'),
    ...tls('transport'),
    'xpack.security.transport.ssl.verification_mode': 'full',
  });
}

/**
 * The unit that runs the bootstrap at every boot and retries it until it succeeds (a one-shot
 * `runcmd` would leave a node half-built after one failed call).
 * https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart=
 */
export function renderBootstrapUnit(): string {
  return [
    '[Unit]',
    'Description=search-guardrails: Elasticsearch node bootstrap',
    'Wants=network-online.target',
    'After=network-online.target',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=${BOOTSTRAP_PATH}`,
    'Restart=on-failure',
    'RestartSec=30',
    'TimeoutStartSec=2h',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The `#cloud-config` document of one node. */
export function renderCloudConfig(input: NodeConfigInput): string {
  const env = [
    `CLUSTER_NAME=${input.clusterName}`,
    `NODE_NAME=${input.nodeName}`,
    `NODE_INDEX=${input.nodeIndex}`,
    `NODE_IP=${input.nodeAddress}`,
    `LOAD_BALANCER_IP=${input.loadBalancerAddress}`,
  ].join('\n') + '\n';
  const document = {
    package_update: true,
    packages: ['apt-transport-https', 'ca-certificates', 'curl', 'gnupg', 'jq', 'openssl'],
    write_files: [
      { path: '/etc/search-guardrails/elasticsearch.yml', permissions: '0640', content: renderElasticsearchYml(input) },
      { path: '/etc/search-guardrails/bootstrap.env', permissions: '0600', content: env },
      { path: BOOTSTRAP_PATH, permissions: '0700', content: BOOTSTRAP_SCRIPT },
      { path: `/etc/systemd/system/${BOOTSTRAP_UNIT}`, permissions: '0644', content: renderBootstrapUnit() },
    ],
    runcmd: [
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', '--no-block', BOOTSTRAP_UNIT],
    ],
  };
  return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}

/** The `user_data` (base64 of KEY=value lines, which the bootstrap reads without sourcing): what may change without replacing a VM. */
export function renderUserData(layout: ClusterLayoutInput): string {
  const env = [
    `ES_VERSION=${layout.elasticsearchVersion}`,
    `SEED_HOSTS=${layout.nodeAddresses.map(a => `${a}:${TRANSPORT_PORT}`).join(',')}`,
    `INITIAL_MASTER_NODES=${layout.nodeNames.join(',')}`,
  ].join('\n') + '\n';
  return Buffer.from(env, 'utf8').toString('base64');
}

/** Base64 for `custom_data` (a literal, so the guard and reviewers can read it). */
export function encodeCustomData(cloudConfig: string): string {
  return Buffer.from(cloudConfig, 'utf8').toString('base64');
}
