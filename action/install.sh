#!/usr/bin/env bash
# Installs the regionsync this action runs, chosen by the `version` input, and exports REGIONSYNC_BIN:
#   package  the version the working directory's package-lock.json pins (npm ci), so a Dependabot bump is planned
#   action   this action's own release, from npm (uses: example-corp/regionsync@<sha> # v1.4.0 runs 1.4.0)
#   source   this action's own checkout, built (what regionsync's own repository runs, `uses: ./`)
#   1.4.0    that version from npm;  ./path/regionsync-1.4.0.tgz  a packed tarball
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

version=${VERSION:-package}
action_dir=$(cd "$(dirname "$0")/.." && pwd)
from_npm() {
  local prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/regionsync-install"
  rm -rf "$prefix" && mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save "$1" >&2
  bin="$prefix/node_modules/.bin/regionsync"
}
case "$version" in
  package)
    [ -f package-lock.json ] || die "version=package: no package-lock.json in $PWD (add regionsync as a dependency, or set version)"
    node -e 'process.exit(require(process.argv[1]).packages?.["node_modules/regionsync"] ? 0 : 1)' "$PWD/package-lock.json" \
      || die "version=package: package-lock.json in $PWD has no regionsync (npm install --save-dev regionsync, or set version)"
    npm ci --no-audit --no-fund >&2
    bin="$PWD/node_modules/.bin/regionsync"
    ;;
  source)
    (cd "$action_dir" && npm ci --no-audit --no-fund && npm run build) >&2
    chmod +x "$action_dir/dist/src/cli/bin.js"
    bin="$action_dir/dist/src/cli/bin.js"
    ;;
  action) from_npm "regionsync@$(node -p 'require(process.argv[1]).version' "$action_dir/package.json")" ;;
  *.tgz) from_npm "$(cd "$(dirname "$version")" && pwd)/$(basename "$version")" ;;
  *)
    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] \
      || die "version: '$version' is not package, action, source, a version such as 1.4.0, or a .tgz"
    from_npm "regionsync@$version"
    ;;
esac
installed=$("$bin" --version)
echo "Installed $installed ($version): $bin" >&2
echo "REGIONSYNC_BIN=$bin" >>"${GITHUB_ENV:-/dev/null}"
output version "${installed#regionsync }"
