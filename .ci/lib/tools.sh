# Shared by the .ci scripts: fetch tools from the two registries CI can reach (npm, Debian) into .tools/.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

# apt_need COMMAND PACKAGE...: installs the packages when COMMAND is missing.
apt_need() {
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  say "installing $* from Debian's packages"
  if [ "${APT_UPDATED:-}" != 1 ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# npm_unpack SPEC DIR: the npm package SPEC's tarball, unpacked into DIR (its `package/` folder), once.
npm_unpack() {
  local spec=$1 dir=$2 tmp
  [ -f "$dir/.done" ] && return 0
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$spec" --silent >/dev/null)
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xzf "$tmp"/*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
  touch "$dir/.done"
}

# The Node major of the image: the single source of truth is the Dockerfile's first FROM.
image_node_major() {
  sed -n 's/^FROM node:\([0-9][0-9]*\)[-.].*/\1/p' "$ROOT/Dockerfile" | head -n1
}
