/**
 * Stand-ins for what an Ubuntu VM would run for the bootstrap, put first on its PATH: the package
 * tools (apt-get installs the Elasticsearch stand-ins instead of the real package, and prints a
 * generated password as the real package does), systemctl (starting Elasticsearch tells the
 * control-plane stand-in), the disk tools (a file is the data disk) and chown (there is no
 * elasticsearch user here). curl, jq, openssl, base64, install and the shell itself are real.
 */
import * as fs from 'fs';
import * as path from 'path';

const STAND_INS: Record<string, string> = {
  'apt-get': `#!/bin/bash
set -eu
case "$1" in
  update) echo "Reading package lists... Done" ;;
  install)
    version=""
    for arg in "$@"; do case "$arg" in elasticsearch=*) version="\${arg#elasticsearch=}" ;; esac; done
    [ -n "$version" ] || { echo "stand-in apt-get: no elasticsearch=VERSION" >&2; exit 100; }
    root="$SEARCH_GUARDRAILS_ROOT"
    mkdir -p "$root/usr/share/elasticsearch/bin" "$root/etc/elasticsearch/certs" "$root/var/lib/dpkg" "$root/var/lib/elasticsearch"
    cp "$STAND_IN_TOOLS"/elasticsearch-* "$root/usr/share/elasticsearch/bin/"
    printf '%s' "$version" > "$root/var/lib/dpkg/stand-in-elasticsearch.version"
    # What the real package's security auto-configuration leaves behind.
    printf '%s\\n' keystore.seed autoconfiguration.password_hash xpack.security.http.ssl.keystore.secure_password \\
      xpack.security.transport.ssl.keystore.secure_password xpack.security.transport.ssl.truststore.secure_password \\
      > "$root/etc/elasticsearch/elasticsearch.keystore"
    touch "$root/etc/elasticsearch/certs/http.p12" "$root/etc/elasticsearch/certs/transport.p12" "$root/etc/elasticsearch/certs/http_ca.crt"
    echo "Setting up elasticsearch ($version) ..."
    echo "The generated password for the elastic built-in superuser is : $STAND_IN_AUTOCONF_PASSWORD"
    ;;
  *) echo "stand-in apt-get: $*" >&2; exit 100 ;;
esac
`,
  'dpkg-query': `#!/bin/bash
file="$SEARCH_GUARDRAILS_ROOT/var/lib/dpkg/stand-in-elasticsearch.version"
[ -f "$file" ] || { echo "dpkg-query: no packages found matching elasticsearch" >&2; exit 1; }
cat "$file"
`,
  'systemctl': `#!/bin/bash
set -eu
case "$1" in
  daemon-reload) ;;
  start)
    [ "$2" = "elasticsearch.service" ] || exit 1
    curl -fsS -X POST --data-binary @"$SEARCH_GUARDRAILS_ROOT/etc/elasticsearch/elasticsearch.yml" "$STAND_IN_ES_URL/_start" >/dev/null
    ;;
  *) echo "stand-in systemctl: $*" >&2; exit 1 ;;
esac
`,
  'mountpoint': `#!/bin/bash
grep -qxF "\${!#}" "$SEARCH_GUARDRAILS_ROOT/.stand-in-mounts" 2>/dev/null
`,
  'blkid': `#!/bin/bash
device="\${!#}"
[ -s "$device" ] || exit 2
cat "$device"
`,
  'mkfs.ext4': `#!/bin/bash
device="\${!#}"
echo "stand-in-uuid-$RANDOM$RANDOM" > "$device"
echo "$device" >> "$SEARCH_GUARDRAILS_ROOT/.stand-in-formatted"
`,
  'mount': `#!/bin/bash
dir="$1"
grep -q " \${dir#"$SEARCH_GUARDRAILS_ROOT"} ext4 " "$SEARCH_GUARDRAILS_ROOT/etc/fstab" || { echo "mount: $dir: not in fstab" >&2; exit 32; }
echo "$dir" >> "$SEARCH_GUARDRAILS_ROOT/.stand-in-mounts"
`,
  'chown': `#!/bin/bash
exit 0
`,
};

/** The Elasticsearch tools the stand-in package installs. */
const TOOLS: Record<string, string> = {
  'elasticsearch-keystore': `#!/bin/bash
set -eu
keystore="$SEARCH_GUARDRAILS_ROOT/etc/elasticsearch/elasticsearch.keystore"
case "$1" in
  remove) grep -qxF "$2" "$keystore" || { echo "ERROR: Setting [$2] does not exist in the keystore." >&2; exit 78; }
          grep -vxF "$2" "$keystore" > "$keystore.new" || true; mv "$keystore.new" "$keystore" ;;
  list) cat "$keystore" ;;
  *) exit 64 ;;
esac
`,
  // Like the real tool: it refuses to run against a cluster that is not healthy (exit 69), and with
  // --batch --silent prints only the new password.
  'elasticsearch-reset-password': `#!/bin/bash
set -u
url=""
while [ $# -gt 0 ]; do case "$1" in --url) url="$2"; shift 2 ;; *) shift ;; esac; done
body="$(mktemp)"
status="$(curl -sS -o "$body" -w '%{http_code}' -X POST "$url/_reset_password" 2>/dev/null || true)"
if [ "$status" != "200" ]; then
  echo "ERROR: Failed to determine the health of the cluster. $(cat "$body")" >&2
  rm -f "$body"
  exit 69
fi
cat "$body"; echo
rm -f "$body"
`,
};

/** Writes the stand-ins into `dir` (bin/ for PATH, tools/ for the package) and returns both paths. */
export function writeNodeStandIns(dir: string): { bin: string; tools: string } {
  const bin = path.join(dir, 'bin');
  const tools = path.join(dir, 'tools');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(tools, { recursive: true });
  for (const [name, text] of Object.entries(STAND_INS)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  for (const [name, text] of Object.entries(TOOLS)) fs.writeFileSync(path.join(tools, name), text, { mode: 0o755 });
  return { bin, tools };
}
