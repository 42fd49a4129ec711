/**
 * The bootstrap of every node (bash, run by the systemd unit `search-guardrails-bootstrap.service`
 * at every boot until it succeeds; checked with shellcheck and run for real against a stand-in for
 * the control plane in test/azure/cluster/bootstrap.test.ts). It installs Elasticsearch 8 from
 * Elastic's apt repository, mounts the data disk, creates (node 0, on an explicit 404) or fetches
 * the cluster CA through Key Vault with the node's managed identity, issues the node certificate
 * on the node with openssl, and (node 0) sets the `elastic` password once the cluster is healthy
 * and stores it in Key Vault. No secret passes through Terraform.
 *
 * Install steps follow https://www.elastic.co/guide/en/elasticsearch/reference/8.15/deb.html,
 * discovery https://www.elastic.co/guide/en/elasticsearch/reference/8.15/modules-discovery-bootstrap-cluster.html,
 * the password tool https://www.elastic.co/guide/en/elasticsearch/reference/8.15/reset-password.html,
 * Key Vault REST https://learn.microsoft.com/rest/api/keyvault/secrets/set-secret/set-secret and
 * https://learn.microsoft.com/azure/key-vault/general/rest-error-codes, managed identity tokens
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token,
 * instance metadata (tags, user data) https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service,
 * RBAC propagation (up to 10 minutes) https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected.
 */
export const BOOTSTRAP_SCRIPT = `#!/bin/bash
# search-guardrails: bootstrap of an Elasticsearch 8 node, run by systemd at every boot until it succeeds.
# Idempotent: every step checks what is already there. Secrets go to files (mode 0600) and to Key Vault,
# never to a command line, stdout or stderr.
set -euo pipefail
umask 077

# Empty on the VMs; a test points it at a scratch directory (with stand-ins on PATH).
ROOT="\${SEARCH_GUARDRAILS_ROOT:-}"
# shellcheck source=/dev/null
. "$ROOT/etc/search-guardrails/bootstrap.env"

IMDS_ENDPOINT="\${IMDS_ENDPOINT:-http://169.254.169.254}"
ES_URL="\${ES_URL:-https://\${NODE_IP}:9200}"
RETRY_SECONDS="\${RETRY_SECONDS:-10}"
# 120 x 10 s: longer than the 10 minutes Azure RBAC may take to apply a new role assignment.
RETRY_LIMIT="\${RETRY_LIMIT:-120}"
DATA_DEVICE="\${DATA_DEVICE:-$ROOT/dev/disk/azure/scsi1/lun0}"
ES_HOME="$ROOT/usr/share/elasticsearch"
ES_CONF="$ROOT/etc/elasticsearch"
CERT_DIR="$ES_CONF/certs"
DATA_DIR="$ROOT/var/lib/elasticsearch"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log() {
  echo "search-guardrails: $*" >&2
}

# pause_or_give_up ATTEMPTS MESSAGE: sleeps before the next try, or logs MESSAGE and fails once
# ATTEMPTS tries have reached RETRY_LIMIT.
pause_or_give_up() {
  if [ "$1" -ge "$RETRY_LIMIT" ]; then
    log "$2"
    return 1
  fi
  sleep "$RETRY_SECONDS"
}

# GET from the instance metadata service into a file, retrying until it answers 200.
imds_get() {
  local path="$1" out="$2" attempt=0 status
  while :; do
    status="$(curl -sS -o "$out" -w '%{http_code}' -H 'Metadata: true' "\${IMDS_ENDPOINT}\${path}" 2>/dev/null || true)"
    [ "$status" = "200" ] && return 0
    attempt=$((attempt + 1))
    pause_or_give_up "$attempt" "the instance metadata service answered \${status:-nothing} to \${path%%\\?*} \${attempt} times; giving up" || return 1
  done
}

# The node's settings that may change without replacing the VM: tags and user data (IMDS).
load_instance_settings() {
  imds_get '/metadata/instance/compute/tagsList?api-version=2021-02-01' "$WORK/tags.json"
  KEY_VAULT_URI="$(jq -er '.[] | select(.name == "search-guardrails:key-vault-uri") | .value' "$WORK/tags.json")"
  KEY_VAULT_URI="\${KEY_VAULT_URI%/}"
  # The token audience is the vault's DNS suffix: vault.azure.net in the public cloud.
  local host="\${KEY_VAULT_URI#*://}"
  host="\${host%%/*}"
  KEY_VAULT_RESOURCE="https://\${host#*.}"
  imds_get '/metadata/instance/compute/userData?api-version=2021-01-01&format=text' "$WORK/user-data.b64"
  base64 -d "$WORK/user-data.b64" > "$WORK/user-data.env"
  # Read, never sourced: each value must have the form the construct writes.
  ES_VERSION="$(user_data_value ES_VERSION '8\\.[0-9]+\\.[0-9]+')"
  SEED_HOSTS="$(user_data_value SEED_HOSTS '[0-9.:,]+')"
  INITIAL_MASTER_NODES="$(user_data_value INITIAL_MASTER_NODES '[a-z0-9,-]+')"
}

user_data_value() {
  local value
  value="$(sed -n "s/^$1=//p" "$WORK/user-data.env" | head -n 1)"
  if ! [[ "$value" =~ ^$2$ ]]; then
    log "user data has no valid $1"
    return 1
  fi
  printf '%s' "$value"
}

# Writes "Authorization: Bearer ..." for Key Vault to $WORK/auth (a file, so the token is on no command line).
vault_token() {
  imds_get "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=$(jq -rn --arg r "$KEY_VAULT_RESOURCE" '$r | @uri')" "$WORK/token.json"
  printf 'Authorization: Bearer %s\\n' "$(jq -er '.access_token' "$WORK/token.json")" > "$WORK/auth"
  rm -f "$WORK/token.json"
}

# One Key Vault request: vault_request METHOD SECRET OUT [BODY]. Returns 0 on 2xx and 4 on 404 (the
# only answer that means "absent"); retries 401 (with a new token), 403 (role assignments take effect within minutes),
# 429, 5xx and network errors; fails on anything else or after RETRY_LIMIT tries.
vault_request() {
  local method="$1" name="$2" out="$3" body="\${4:-}" attempt=0 status
  local url="\${KEY_VAULT_URI}/secrets/\${name}?api-version=7.4"
  while :; do
    # One token serves every call (IMDS throttles at 5 requests per second); a 401 fetches a new one.
    [ -s "$WORK/auth" ] || vault_token
    if [ -n "$body" ]; then
      status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H @"$WORK/auth" -H 'Content-Type: application/json' --data-binary @"$body" "$url" 2>/dev/null || true)"
    else
      status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H @"$WORK/auth" "$url" 2>/dev/null || true)"
    fi
    case "$status" in
      2??) return 0 ;;
      404) return 4 ;;
      401) rm -f "$WORK/auth" ;;
      403 | 408 | 429 | 5?? | 000 | "") ;;
      *)
        log "Key Vault answered \${status} to \${method} secret \${name}"
        return 1
        ;;
    esac
    attempt=$((attempt + 1))
    log "Key Vault answered \${status:-nothing} to \${method} secret \${name}; retrying"
    pause_or_give_up "$attempt" "Key Vault answered \${status:-nothing} to \${method} secret \${name} \${attempt} times; giving up" || return 1
  done
}

# get_secret NAME FILE: the value into FILE; returns 4 when the secret does not exist.
get_secret() {
  local rc=0
  vault_request GET "$1" "$WORK/response.json" || rc=$?
  if [ "$rc" -eq 0 ]; then
    jq -jer '.value' "$WORK/response.json" > "$2"
  fi
  rm -f "$WORK/response.json"
  return "$rc"
}

# put_secret NAME FILE: stores the file's content, byte for byte.
put_secret() {
  jq -n --rawfile value "$2" '{value: $value}' > "$WORK/body.json"
  vault_request PUT "$1" "$WORK/response.json" "$WORK/body.json"
  rm -f "$WORK/body.json" "$WORK/response.json"
}

# wait_for_secret NAME FILE: until the secret exists (another node writes it).
wait_for_secret() {
  local attempt=0 rc
  while :; do
    rc=0
    get_secret "$1" "$2" || rc=$?
    [ "$rc" -eq 0 ] && return 0
    [ "$rc" -ne 4 ] && return "$rc"
    attempt=$((attempt + 1))
    log "waiting for secret $1 in Key Vault"
    pause_or_give_up "$attempt" "secret $1 is still not in Key Vault after \${attempt} tries" || return 1
  done
}

# Elasticsearch data lives on the managed data disk (LUN 0), which survives the VM.
mount_data_disk() {
  mkdir -p "$DATA_DIR"
  if mountpoint -q "$DATA_DIR"; then
    return 0
  fi
  local attempt=0
  until [ -e "$DATA_DEVICE" ]; do
    attempt=$((attempt + 1))
    log "waiting for the data disk \${DATA_DEVICE}"
    pause_or_give_up "$attempt" "data disk \${DATA_DEVICE} is not attached" || return 1
  done
  local uuid
  uuid="$(blkid -s UUID -o value "$DATA_DEVICE" || true)"
  if [ -z "$uuid" ]; then
    log "formatting the empty data disk"
    mkfs.ext4 -q -L es-data "$DATA_DEVICE"
    uuid="$(blkid -s UUID -o value "$DATA_DEVICE")"
  fi
  if ! grep -q "^UUID=\${uuid} " "$ROOT/etc/fstab" 2>/dev/null; then
    echo "UUID=\${uuid} /var/lib/elasticsearch ext4 defaults,nofail,x-systemd.device-timeout=10 0 2" >> "$ROOT/etc/fstab"
  fi
  mount "$DATA_DIR"
  # The package's own data directory is owned by elasticsearch with mode 2750; so is the mounted disk.
  chown elasticsearch:elasticsearch "$DATA_DIR"
  chmod 2750 "$DATA_DIR"
}

# Installs (or, on a boot after ES_VERSION changed, upgrades) the package; Elasticsearch is not running yet
# at boot (this unit starts it).
install_elasticsearch() {
  local installed
  installed="$(dpkg-query -W -f='\${Version}' elasticsearch 2>/dev/null || true)"
  if [ "$installed" = "$ES_VERSION" ]; then
    return 0
  fi
  local keyring="$ROOT/usr/share/keyrings/elasticsearch-keyring.gpg"
  if [ ! -s "$keyring" ]; then
    curl -fsSL --retry 10 https://artifacts.elastic.co/GPG-KEY-elasticsearch | gpg --dearmor --yes -o "$WORK/elastic.gpg"
    # Elastic's signing key (https://www.elastic.co/guide/en/elasticsearch/reference/8.15/deb.html#deb-key).
    if [ "$(gpg --show-keys --with-colons "$WORK/elastic.gpg" | awk -F: '$1 == "fpr" { print $10; exit }')" != "46095ACC8548582C1A2699A9D27D666CD88E42B4" ]; then
      log "the key served as GPG-KEY-elasticsearch is not Elastic's signing key"
      return 1
    fi
    install -m 0644 "$WORK/elastic.gpg" "$keyring"
    echo "deb [signed-by=/usr/share/keyrings/elasticsearch-keyring.gpg] https://artifacts.elastic.co/packages/8.x/apt stable main" \\
      > "$ROOT/etc/apt/sources.list.d/elastic-8.x.list"
  fi
  log "installing elasticsearch \${ES_VERSION} (installed: \${installed:-none})"
  # The package prints the generated elastic password, so its output goes to a file that is never shown
  # whole (only its lines without "password" on failure), and the file goes with $WORK.
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \\
    --allow-downgrades "elasticsearch=\${ES_VERSION}"; } > "$WORK/apt.log" 2>&1; then
    grep -vi 'password' "$WORK/apt.log" >&2 || true
    return 1
  fi
  rm -f "$WORK/apt.log"
  # Undo the package's security auto-configuration: its keystore passwords, the hash of the generated
  # elastic password, and its certificates. Our own settings and certificates replace them.
  local setting
  for setting in autoconfiguration.password_hash \\
    xpack.security.http.ssl.keystore.secure_password \\
    xpack.security.transport.ssl.keystore.secure_password \\
    xpack.security.transport.ssl.truststore.secure_password; do
    "$ES_HOME/bin/elasticsearch-keystore" remove "$setting" >/dev/null 2>&1 || true
  done
  rm -f "$CERT_DIR/http.p12" "$CERT_DIR/transport.p12" "$CERT_DIR/http_ca.crt"
}

# Node 0 mints the cluster CA when Key Vault answers 404 for it (never on an error); every node
# then reads it. A re-created node 0 finds it and reuses it.
fetch_ca() {
  local rc=0
  if [ "$NODE_INDEX" = "0" ]; then
    get_secret es-ca-cert "$WORK/ca.crt" || rc=$?
    if [ "$rc" -eq 4 ]; then
      log "creating the cluster CA"
      cat > "$WORK/ca.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
x509_extensions = ca
[dn]
CN = \${CLUSTER_NAME} cluster CA (search-guardrails)
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
      openssl req -x509 -new -newkey rsa:3072 -sha256 -days 3650 -nodes -config "$WORK/ca.cnf" \\
        -keyout "$WORK/ca.key" -out "$WORK/ca.crt" 2>/dev/null
      # The key first: a certificate in Key Vault always has its key there.
      put_secret es-ca-key "$WORK/ca.key"
      put_secret es-ca-cert "$WORK/ca.crt"
      rm -f "$WORK/ca.key"
    elif [ "$rc" -ne 0 ]; then
      return "$rc"
    fi
  else
    wait_for_secret es-ca-cert "$WORK/ca.crt"
  fi
}

node_certificate_is_current() {
  [ -s "$CERT_DIR/node.key" ] && [ -s "$CERT_DIR/node.crt" ] && [ -s "$CERT_DIR/ca.crt" ] \\
    && cmp -s "$CERT_DIR/ca.crt" "$WORK/ca.crt" \\
    && openssl verify -CAfile "$WORK/ca.crt" "$CERT_DIR/node.crt" >/dev/null 2>&1
}

# The node's key never leaves the node; its certificate names the node and the load balancer, so
# that clients verify TLS through https://<load balancer>:9200.
issue_node_certificate() {
  if node_certificate_is_current; then
    return 0
  fi
  log "issuing the node certificate"
  get_secret es-ca-key "$WORK/ca.key"
  if [ "$(openssl x509 -noout -pubkey -in "$WORK/ca.crt" | sha256sum)" != "$(openssl pkey -pubout -in "$WORK/ca.key" | sha256sum)" ]; then
    log "es-ca-key does not match es-ca-cert (being replaced?)"
    return 1
  fi
  cat > "$WORK/node.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = \${NODE_NAME}
[node]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:\${NODE_NAME}, IP:\${NODE_IP}, IP:\${LOAD_BALANCER_IP}
EOF
  openssl req -new -newkey rsa:2048 -nodes -config "$WORK/node.cnf" -keyout "$WORK/node.key" -out "$WORK/node.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 1825 -in "$WORK/node.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" \\
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$WORK/node.cnf" -extensions node -out "$WORK/node.crt" 2>/dev/null
  rm -f "$WORK/ca.key"
  mkdir -p "$CERT_DIR"
  install -m 0640 "$WORK/ca.crt" "$CERT_DIR/ca.crt"
  install -m 0640 "$WORK/node.crt" "$CERT_DIR/node.crt"
  install -m 0640 "$WORK/node.key" "$CERT_DIR/node.key"
  chown -R root:elasticsearch "$CERT_DIR"
  chmod 0750 "$CERT_DIR"
}

# elasticsearch.yml from the settings in custom_data, plus cluster.initial_master_nodes only while
# the cluster has never formed (Elastic: remove it once it has; a node joining a formed cluster
# must not have it). Seed hosts are re-read from unicast_hosts.txt without a restart.
write_configuration() {
  local formed="$1"
  mkdir -p "$ES_CONF"
  cp "$ROOT/etc/search-guardrails/elasticsearch.yml" "$WORK/elasticsearch.yml"
  if [ "$formed" = "no" ]; then
    printf 'cluster.initial_master_nodes: [%s]\\n' "$INITIAL_MASTER_NODES" >> "$WORK/elasticsearch.yml"
  fi
  install -m 0660 "$WORK/elasticsearch.yml" "$ES_CONF/elasticsearch.yml"
  tr -s ',' '\\n' <<< "$SEED_HOSTS" > "$WORK/unicast_hosts.txt"
  install -m 0660 "$WORK/unicast_hosts.txt" "$ES_CONF/unicast_hosts.txt"
  chown root:elasticsearch "$ES_CONF/elasticsearch.yml" "$ES_CONF/unicast_hosts.txt"
}

cluster_formed() {
  local rc=0
  get_secret es-cluster-formed "$WORK/formed" || rc=$?
  rm -f "$WORK/formed"
  case "$rc" in
    0) echo yes ;;
    4) echo no ;;
    *) return "$rc" ;;
  esac
}

start_elasticsearch() {
  systemctl daemon-reload
  systemctl start elasticsearch.service
  local attempt=0
  # 401 without credentials: the HTTP layer is up, with TLS and authentication.
  until [ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$CERT_DIR/ca.crt" "$ES_URL/" 2>/dev/null || true)" = "401" ]; do
    attempt=$((attempt + 1))
    pause_or_give_up "$attempt" "Elasticsearch does not answer on \${ES_URL}" || return 1
  done
}

# Node 0: once the cluster is healthy, a random elastic password is set on it and kept only in Key
# Vault (no trailing newline); then the cluster is marked formed.
store_elastic_password() {
  local attempt=0
  # The tool refuses to run on a cluster that has not formed or is red; it is retried until it is healthy.
  until "$ES_HOME/bin/elasticsearch-reset-password" --username elastic --batch --silent --url "$ES_URL" > "$WORK/password.raw"; do
    attempt=$((attempt + 1))
    log "waiting for cluster health before setting the elastic password"
    pause_or_give_up "$attempt" "the cluster did not become healthy; the elastic password is not set" || return 1
  done
  tr -d '\\r\\n' < "$WORK/password.raw" > "$WORK/password"
  rm -f "$WORK/password.raw"
  put_secret elastic-password "$WORK/password"
  rm -f "$WORK/password"
  log "the elastic password is in Key Vault (secret elastic-password)"
  date -u +%Y-%m-%dT%H:%M:%SZ > "$WORK/formed"
  put_secret es-cluster-formed "$WORK/formed"
}

# Every node: once the cluster has formed, cluster.initial_master_nodes goes from the configuration.
forget_initial_master_nodes() {
  wait_for_secret es-cluster-formed "$WORK/formed"
  rm -f "$WORK/formed"
  write_configuration yes
}

main() {
  load_instance_settings
  install_elasticsearch
  mount_data_disk
  fetch_ca
  issue_node_certificate
  local formed
  formed="$(cluster_formed)"
  write_configuration "$formed"
  start_elasticsearch
  if [ "$formed" = "no" ]; then
    if [ "$NODE_INDEX" = "0" ]; then
      store_elastic_password
    fi
    forget_initial_master_nodes
  fi
  log "node \${NODE_NAME} is up"
}

main "$@"
`;
