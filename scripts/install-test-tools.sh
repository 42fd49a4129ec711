#!/usr/bin/env bash
# Installs the system tools that integration tests run (`npm test` runs this first):
#   - cloud-init: `cloud-init schema` validates the Azure nodes' cloud-config (Debian package)
#   - shellcheck: lints the nodes' bootstrap script (Debian package)
#   - systemd-analyze (package systemd): verifies the nodes' bootstrap unit
#   - openssl: makes the real CA and node certificates of the bootstrap test
#   - cfn-lint: lints synthesized CloudFormation (Python package; not in Debian 12)
# Installs with apt-get when it can (root on Debian/Ubuntu); otherwise says in one line what to
# install and exits 0, so the tests that need a missing tool fail with the same one-line message.
set -uo pipefail

missing_apt=()
for pair in cloud-init:cloud-init shellcheck:shellcheck systemd-analyze:systemd openssl:openssl; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing_apt+=("${pair#*:}")
done

if [ "${#missing_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-test-tools: installing ${missing_apt[*]} with apt-get" >&2
    # apt's own output goes to a log, shown only when the install fails.
    log=$(mktemp)
    if ! { apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}"; } >"$log" 2>&1; then
      echo "install-test-tools: apt-get could not install ${missing_apt[*]} (its output: $log); install them by hand (apt-get install ${missing_apt[*]})" >&2
    else
      rm -f "$log"
    fi
  else
    echo "install-test-tools: missing ${missing_apt[*]}; install them (Debian/Ubuntu: apt-get install ${missing_apt[*]}), or the tests that run them fail" >&2
  fi
fi

if ! command -v cfn-lint >/dev/null 2>&1; then
  if command -v pip3 >/dev/null 2>&1 && pip3 install --quiet --disable-pip-version-check cfn-lint >/dev/null 2>&1; then
    echo "install-test-tools: installed cfn-lint with pip3" >&2
  else
    echo "install-test-tools: missing cfn-lint; install it (pip install cfn-lint, or brew install cfn-lint), or the cfn-lint test fails" >&2
  fi
fi
exit 0
