#!/usr/bin/env bash
# Installs what the browser, page-quality and multi-host tests need, once: Chromium (Debian), Java,
# PostgreSQL, Redis, vnu.jar, axe-core.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=.cache/tools
VNU_VERSION=26.9.27
AXE_VERSION=4.14.1
mkdir -p "$TOOLS"

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing $* and not root: install it with apt-get." >&2
    exit 1
  fi
  if [ ! -f /tmp/.alinea-apt-updated ]; then
    apt-get update -qq && touch /tmp/.alinea-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null || apt_install chromium
command -v java >/dev/null || apt_install default-jre-headless
command -v npm >/dev/null || apt_install npm
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql
command -v redis-server >/dev/null || apt_install redis-server  # the multi-host test

fetch_npm() {  # package version file-inside-package destination
  local dest="$TOOLS/$4"
  [ -f "$dest" ] && return 0
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null && tar xzf ./*.tgz)
  cp "$work/package/$3" "$dest"
  rm -rf "$work"
}
fetch_npm vnu-jar "$VNU_VERSION" build/dist/vnu.jar vnu.jar
fetch_npm axe-core "$AXE_VERSION" axe.min.js axe.min.js
