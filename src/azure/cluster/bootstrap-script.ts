/**
 * The first-boot script of every node (bash, checked with shellcheck in the tests). It installs
 * Elasticsearch 8 from Elastic's apt repository, creates or fetches the cluster CA through Key Vault
 * with the VM's managed identity, issues the node certificate on the node, and (node 0 only) sets
 * the `elastic` password on the node and stores it in Key Vault. No secret passes through Terraform.
 *
 * Install steps follow https://www.elastic.co/guide/en/elasticsearch/reference/8.15/deb.html,
 * certificates https://www.elastic.co/guide/en/elasticsearch/reference/8.15/certutil.html, Key Vault
 * REST https://learn.microsoft.com/rest/api/keyvault/secrets/set-secret/set-secret, managed identity
 * tokens https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token.
 */
export const BOOTSTRAP_SCRIPT = `#!/bin/bash
# search-guardrails: first-boot bootstrap of an Elasticsearch 8 node (idempotent).
set -euo pipefail

# shellcheck source=/dev/null
. /etc/search-guardrails/bootstrap.env

ES_HOME=/usr/share/elasticsearch
CERT_DIR=/etc/elasticsearch/certs
VAULT_URL="https://\${KEY_VAULT_NAME}.vault.azure.net"
IMDS_TOKEN_URL="http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
umask 077

log() {
  echo "search-guardrails: $*" >&2
}

vault_token() {
  curl -fsS --retry 10 --retry-connrefused -H 'Metadata: true' "$IMDS_TOKEN_URL" | jq -r '.access_token'
}

# Prints the secret's value; fails when it does not exist (yet).
get_secret() {
  local token
  token="$(vault_token)"
  curl -fsS -H "Authorization: Bearer $token" "\${VAULT_URL}/secrets/$1?api-version=7.4" | jq -er '.value'
}

# Stores the content of a file as a secret.
put_secret() {
  local token
  token="$(vault_token)"
  jq -n --rawfile value "$2" '{value: $value}' \\
    | curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \\
        --data-binary @- "\${VAULT_URL}/secrets/$1?api-version=7.4" >/dev/null
}

install_elasticsearch() {
  if dpkg -s elasticsearch >/dev/null 2>&1; then
    return 0
  fi
  curl -fsSL https://artifacts.elastic.co/GPG-KEY-elasticsearch \\
    | gpg --dearmor --yes -o /usr/share/keyrings/elasticsearch-keyring.gpg
  echo "deb [signed-by=/usr/share/keyrings/elasticsearch-keyring.gpg] https://artifacts.elastic.co/packages/8.x/apt stable main" \\
    > /etc/apt/sources.list.d/elastic-8.x.list
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "elasticsearch=\${ES_VERSION}"
  # The package's security auto-configuration is replaced by our own certificates and settings.
  for setting in xpack.security.http.ssl.keystore.secure_password \\
    xpack.security.transport.ssl.keystore.secure_password \\
    xpack.security.transport.ssl.truststore.secure_password; do
    "$ES_HOME/bin/elasticsearch-keystore" remove "$setting" 2>/dev/null || true
  done
  install -m 0660 -o root -g elasticsearch /etc/search-guardrails/elasticsearch.yml /etc/elasticsearch/elasticsearch.yml
}

# Node 0 creates the cluster CA once; every node waits until it is in Key Vault.
fetch_ca() {
  if [ "$NODE_INDEX" = "0" ] && ! get_secret es-ca-key >/dev/null 2>&1; then
    log "creating the cluster CA"
    "$ES_HOME/bin/elasticsearch-certutil" ca --pem --silent --out "$WORK/ca.zip"
    unzip -q "$WORK/ca.zip" -d "$WORK/new-ca"
    put_secret es-ca-key "$WORK/new-ca/ca/ca.key"
    put_secret es-ca-cert "$WORK/new-ca/ca/ca.crt"
  fi
  until get_secret es-ca-cert > "$WORK/ca.crt" 2>/dev/null; do
    log "waiting for the cluster CA in Key Vault"
    sleep 15
  done
  get_secret es-ca-key > "$WORK/ca.key"
}

issue_node_certificate() {
  if [ -s "$CERT_DIR/node.key" ]; then
    return 0
  fi
  "$ES_HOME/bin/elasticsearch-certutil" cert --pem --silent \\
    --ca-cert "$WORK/ca.crt" --ca-key "$WORK/ca.key" \\
    --name "$NODE_NAME" --dns "$NODE_NAME" --ip "$NODE_IP" --out "$WORK/node.zip"
  unzip -q "$WORK/node.zip" -d "$WORK/node"
  install -d -m 0750 -o root -g elasticsearch "$CERT_DIR"
  install -m 0640 -o root -g elasticsearch "$WORK/ca.crt" "$CERT_DIR/ca.crt"
  install -m 0640 -o root -g elasticsearch "$WORK/node/$NODE_NAME/$NODE_NAME.crt" "$CERT_DIR/node.crt"
  install -m 0640 -o root -g elasticsearch "$WORK/node/$NODE_NAME/$NODE_NAME.key" "$CERT_DIR/node.key"
}

start_elasticsearch() {
  systemctl daemon-reload
  systemctl enable elasticsearch.service
  systemctl start elasticsearch.service
}

# Node 0 sets a random elastic password on the running cluster and keeps it only in Key Vault.
store_elastic_password() {
  if [ "$NODE_INDEX" != "0" ] || get_secret elastic-password >/dev/null 2>&1; then
    return 0
  fi
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CERT_DIR/ca.crt" "https://\${NODE_IP}:9200/")" = "401" ]; do
    log "waiting for Elasticsearch to answer (401 without credentials)"
    sleep 15
  done
  "$ES_HOME/bin/elasticsearch-reset-password" --username elastic --batch --silent \\
    --url "https://\${NODE_IP}:9200" > "$WORK/elastic-password"
  put_secret elastic-password "$WORK/elastic-password"
  log "the elastic password is in Key Vault \${KEY_VAULT_NAME} (secret elastic-password)"
}

install_elasticsearch
fetch_ca
issue_node_certificate
start_elasticsearch
store_elastic_password
`;
