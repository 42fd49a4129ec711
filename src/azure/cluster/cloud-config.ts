/**
 * The cloud-config of one node: settings files and the bootstrap script, rendered as YAML with the
 * `yaml` library (never string-concatenated), base64-encoded for `custom_data`. It holds no secret:
 * certificates and the `elastic` password are created on the node (see bootstrap-script.ts).
 * Validated in the tests with `cloud-init schema` and `shellcheck`.
 */
import { stringify } from 'yaml';
import { BOOTSTRAP_SCRIPT } from './bootstrap-script';

/** What differs between nodes. */
export interface NodeConfigInput {
  readonly clusterName: string;
  readonly nodeName: string;
  readonly nodeIndex: number;
  readonly nodeAddress: string;
  readonly allNodeNames: readonly string[];
  readonly allNodeAddresses: readonly string[];
  readonly keyVaultName: string;
  readonly elasticsearchVersion: string;
}

export const HTTP_PORT = 9200;
export const TRANSPORT_PORT = 9300;

/**
 * elasticsearch.yml: security, TLS on HTTP and transport, the private address, discovery across
 * the nodes. https://www.elastic.co/guide/en/elasticsearch/reference/8.15/security-basic-setup-https.html
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
    'discovery.seed_hosts': input.allNodeAddresses.map(a => `${a}:${TRANSPORT_PORT}`),
    'cluster.initial_master_nodes': [...input.allNodeNames],
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

/** The `#cloud-config` document of one node. */
export function renderCloudConfig(input: NodeConfigInput): string {
  const env = [
    `NODE_NAME=${input.nodeName}`,
    `NODE_INDEX=${input.nodeIndex}`,
    `NODE_IP=${input.nodeAddress}`,
    `KEY_VAULT_NAME=${input.keyVaultName}`,
    `ES_VERSION=${input.elasticsearchVersion}`,
  ].join('\n') + '\n';
  const document = {
    package_update: true,
    packages: ['apt-transport-https', 'ca-certificates', 'curl', 'gnupg', 'jq', 'unzip'],
    write_files: [
      { path: '/etc/search-guardrails/elasticsearch.yml', permissions: '0640', content: renderElasticsearchYml(input) },
      { path: '/etc/search-guardrails/bootstrap.env', permissions: '0600', content: env },
      { path: '/usr/local/sbin/search-guardrails-bootstrap', permissions: '0700', content: BOOTSTRAP_SCRIPT },
    ],
    runcmd: [['/usr/local/sbin/search-guardrails-bootstrap']],
  };
  return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}

/** Base64 for `custom_data` (a literal, so the guard and reviewers can read it). */
export function encodeCustomData(cloudConfig: string): string {
  return Buffer.from(cloudConfig, 'utf8').toString('base64');
}
