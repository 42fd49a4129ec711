/**
 * A local stand-in for what a node of SecureElasticsearchCluster talks to at boot, on loopback:
 * the instance metadata service (tokens, tags, user data), Key Vault's secret API, and the local
 * Elasticsearch node (started by the `systemctl` stand-in, asked for health by the password tool's
 * stand-in). It is not Azure: it answers as the documents describe, including the unfriendly parts
 * (403 while role assignments propagate, a 5xx now and then, 404 for an absent secret).
 *
 * - IMDS: https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service
 * - Key Vault secrets: https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret,
 *   errors https://learn.microsoft.com/azure/key-vault/general/rest-error-codes
 * - Cluster formation: a majority of `cluster.initial_master_nodes` elects a master
 *   (https://www.elastic.co/guide/en/elasticsearch/reference/8.15/modules-discovery-bootstrap-cluster.html);
 *   health is red until the security index is allocated, then green.
 */
import { randomBytes } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';

export interface StandInNode {
  readonly index: number;
  readonly name: string;
  /** The VM's `user_data` (base64), served at compute/userData. */
  readonly userData: string;
  /** Built-in role names the node's identity holds on the vault (from the synthesized role assignments). */
  readonly roles: readonly string[];
}

export interface StandInOptions {
  readonly nodes: readonly StandInNode[];
  /** Every Key Vault call answers 403 ForbiddenByRbac for this long after start (RBAC propagation). */
  readonly forbiddenForMs: number;
  /** Every n-th Key Vault and IMDS call answers 503 / 500. */
  readonly serverErrorEvery: number;
  /** Health turns from red to green this long after a majority of the initial masters has started. */
  readonly greenAfterMs: number;
}

export interface StandInEvent {
  readonly at: number;
  readonly kind: 'imds' | 'vault' | 'es-start' | 'reset-password';
  readonly node: number;
  readonly method?: string;
  readonly secret?: string;
  readonly status: number;
  /** es-start: the elasticsearch.yml the node started with. */
  readonly config?: string;
}

const READ_ROLES = ['Key Vault Secrets User', 'Key Vault Secrets Officer'];
const WRITE_ROLES = ['Key Vault Secrets Officer'];

export class ControlPlaneStandIn {
  public readonly events: StandInEvent[] = [];
  /** Secret versions as written, oldest first. */
  public readonly secrets = new Map<string, { value: string; node: number; at: number }[]>();
  /** Passwords the password tool set, in order. */
  public readonly passwords: string[] = [];
  public readonly tokens: string[];
  public greenAt?: number;
  private readonly started = new Set<number>();
  private startedAt = 0;
  private formedAt?: number;
  private requestCount = 0;
  private readonly server: http.Server;
  private port = 0;

  constructor(private readonly options: StandInOptions) {
    this.tokens = options.nodes.map(n => `stand-in-token-${n.index}-${randomBytes(12).toString('hex')}`);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.startedAt = Date.now();
  }

  public async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** The newest value of a secret. */
  public secret(name: string): string | undefined {
    const versions = this.secrets.get(name);
    return versions?.[versions.length - 1].value;
  }

  public vaultEvents(method?: string, secret?: string): StandInEvent[] {
    return this.events.filter(e => e.kind === 'vault' && (method === undefined || e.method === method) && (secret === undefined || e.secret === secret));
  }

  private health(): 'red' | 'green' | undefined {
    if (this.formedAt === undefined) return undefined;
    if (Date.now() - this.formedAt < this.options.greenAfterMs) return 'red';
    this.greenAt ??= this.formedAt + this.options.greenAfterMs;
    return 'green';
  }

  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const reply = (status: number, payload: unknown, kind: StandInEvent['kind'], node: number, extra: Partial<StandInEvent> = {}) => {
      this.events.push({ at: Date.now(), kind, node, status, ...extra });
      res.writeHead(status, { 'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    let match: RegExpExecArray | null;
    if ((match = /^\/node-(\d+)\/metadata\/(.*)$/.exec(url.pathname))) {
      return this.imds(Number(match[1]), match[2], url, req, reply);
    }
    if ((match = /^\/vault\/secrets\/([A-Za-z0-9-]+)$/.exec(url.pathname))) {
      return this.vault(match[1], req, body, url, reply);
    }
    if ((match = /^\/es\/node-(\d+)\/(.*)$/.exec(url.pathname))) {
      return this.elasticsearch(Number(match[1]), match[2], req.method ?? 'GET', body, reply);
    }
    reply(404, { error: 'no such stand-in path' }, 'imds', -1);
  }

  private imds(node: number, path: string, url: URL, req: http.IncomingMessage, reply: (s: number, p: unknown, k: StandInEvent['kind'], n: number) => void): void {
    const spec = this.options.nodes[node];
    if (req.headers.metadata !== 'true') return reply(400, { error: 'bad_request', error_description: 'Required metadata header not specified' }, 'imds', node);
    if (++this.requestCount % this.options.serverErrorEvery === 0) return reply(500, { error: 'unknown', error_description: 'stand-in server error' }, 'imds', node);
    if (path === 'identity/oauth2/token' && url.searchParams.get('resource')) {
      return reply(200, { access_token: this.tokens[node], expires_in: '86399', token_type: 'Bearer', resource: url.searchParams.get('resource') }, 'imds', node);
    }
    if (path === 'instance/compute/tagsList') {
      return reply(200, [{ name: 'search-guardrails:key-vault-uri', value: `${this.url}/vault/` }, { name: 'search-guardrails:cluster', value: 'search/es' }], 'imds', node);
    }
    if (path === 'instance/compute/userData' && url.searchParams.get('format') === 'text') {
      return reply(200, spec.userData, 'imds', node);
    }
    reply(404, { error: 'not_found' }, 'imds', node);
  }

  private vault(secret: string, req: http.IncomingMessage, body: string, url: URL,
    reply: (s: number, p: unknown, k: StandInEvent['kind'], n: number, e?: Partial<StandInEvent>) => void): void {
    const method = req.method ?? 'GET';
    const node = this.tokens.indexOf(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
    const event = { method, secret };
    if (url.searchParams.get('api-version') !== '7.4') return reply(400, { error: { code: 'BadParameter' } }, 'vault', node, event);
    if (node < 0) return reply(401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, 'vault', node, event);
    if (Date.now() - this.startedAt < this.options.forbiddenForMs) {
      return reply(403, { error: { code: 'Forbidden', message: 'Caller is not authorized', innererror: { code: 'ForbiddenByRbac' } } }, 'vault', node, event);
    }
    if (++this.requestCount % this.options.serverErrorEvery === 0) return reply(503, { error: { code: 'ServiceUnavailable' } }, 'vault', node, event);
    const roles = this.options.nodes[node].roles;
    const allowed = method === 'PUT' ? WRITE_ROLES : READ_ROLES;
    if (!roles.some(r => allowed.includes(r))) {
      return reply(403, { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } }, 'vault', node, event);
    }
    if (method === 'PUT') {
      const value = JSON.parse(body).value;
      if (typeof value !== 'string') return reply(400, { error: { code: 'BadParameter' } }, 'vault', node, event);
      const versions = this.secrets.get(secret) ?? [];
      versions.push({ value, node, at: Date.now() });
      this.secrets.set(secret, versions);
      return reply(200, { value, id: `${this.url}/vault/secrets/${secret}/${versions.length}` }, 'vault', node, event);
    }
    const value = this.secret(secret);
    if (value === undefined) return reply(404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${secret} was not found in this key vault.` } }, 'vault', node, event);
    reply(200, { value, id: `${this.url}/vault/secrets/${secret}` }, 'vault', node, event);
  }

  private elasticsearch(node: number, path: string, method: string, body: string,
    reply: (s: number, p: unknown, k: StandInEvent['kind'], n: number, e?: Partial<StandInEvent>) => void): void {
    if (path === '_start' && method === 'POST') {
      this.started.add(node);
      const initialMasters = /^cluster\.initial_master_nodes: \[(.*)\]$/m.exec(body)?.[1].split(',') ?? [];
      const startedMasters = initialMasters.filter(name => this.options.nodes.some(n => n.name === name && this.started.has(n.index)));
      if (this.formedAt === undefined && startedMasters.length > initialMasters.length / 2) this.formedAt = Date.now();
      return reply(200, {}, 'es-start', node, { config: body });
    }
    if (!this.started.has(node)) return reply(502, 'connection refused (stand-in)', 'es-start', node);
    if (path === '' && method === 'GET') {
      return reply(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 }, 'es-start', node);
    }
    if (path === '_reset_password' && method === 'POST') {
      const health = this.health();
      if (health !== 'green') return reply(503, `cluster health is ${health ?? 'unknown (no master)'}`, 'reset-password', node);
      const password = randomBytes(15).toString('base64').replace(/[+/=]/g, 'x');
      this.passwords.push(password);
      return reply(200, password, 'reset-password', node);
    }
    reply(404, { error: 'no such stand-in path' }, 'es-start', node);
  }
}
