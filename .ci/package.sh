#!/usr/bin/env bash
# The npm package as users get it: `npm pack` (prepack builds dist/), what the tarball holds and does not, then an
# install into an EMPTY prefix and `regionsync --version` and `regionsync sandbox demo` from the installed bin (in an
# empty directory: the demo falls back to the example the package ships). Then the GitHub Action's scripts run on that
# same tarball (install.sh with version: <tgz>), plan.sh and apply.sh against `regionsync sandbox serve`: the reviewed
# plan is applied, and a plan whose file changed since is refused and reported.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
. "$(dirname "$0")/lib/tools.sh"

work="$TOOLS/package"
rm -rf "$work" && mkdir -p "$work"
cd "$ROOT"
version=$(node -p 'require("./package.json").version')

say "npm pack (prepack: npm run build)"
npm pack --pack-destination "$work" >"$work/pack.log" 2>&1 || { tail -30 "$work/pack.log" >&2; fail "npm pack"; }
tgz="$work/regionsync-$version.tgz"
[ -f "$tgz" ] || fail "npm pack made no $(basename "$tgz")"
tar -tzf "$tgz" | sort >"$work/contents.txt"
for must in package.json README.md desired-state.yaml dist/src/cli/bin.js dist/src/cli/main.js \
  dist/emulators/common/server.js schema/plan.schema.json schema/desired-state.schema.json vendor-specs/README.md; do
  grep -qx "package/$must" "$work/contents.txt" || fail "the tarball lacks $must"
done
if grep -E '\.test\.js$|\.map$|\.ts$|^package/(dist/test|dist/bench|src|test|bench|emulators|helm|\.ci|\.github|action)/' \
  "$work/contents.txt" >"$work/unwanted.txt"; then
  head "$work/unwanted.txt" >&2
  fail "the tarball holds tests, maps, sources or tooling"
fi
files=$(wc -l <"$work/contents.txt")
packed=$(($(stat -c %s "$tgz") / 1024))
unpacked=$(($(tar -xzOf "$tgz" | wc -c) / 1024))
say "$(basename "$tgz"): $files files, $packed kB packed, $unpacked kB unpacked"

say "npm install into an empty prefix"
prefix=$(mktemp -d)
npm install --prefix "$prefix" --no-audit --no-fund "$tgz" >"$work/install.log" 2>&1 \
  || { tail -30 "$work/install.log" >&2; fail "npm install $tgz"; }
bin="$prefix/node_modules/.bin/regionsync"
[ "$("$bin" --version)" = "regionsync $version" ] || fail "installed --version: $("$bin" --version)"
say "installed: $("$bin" --version), $(du -sm "$prefix/node_modules" | cut -f1) MB of node_modules"

say "regionsync sandbox demo, from the installed bin, in an empty directory"
demo_dir=$(mktemp -d)
set +e
(cd "$demo_dir" && timeout 300 "$bin" sandbox demo >"$work/demo.txt" 2>"$work/demo.err")
code=$?
set -e
# 0: the shipped example converges; 2 would mean manual actions remain, anything else is a failure.
[ "$code" -eq 0 ] || { tail -30 "$work/demo.txt" "$work/demo.err" >&2; fail "sandbox demo exited $code, not 0"; }
grep -q "No changes. Every declared resource is in sync" "$work/demo.txt" || fail "the demo did not end on No changes"
say "demo exited 0: $(grep -m1 '^Apply complete' "$work/demo.txt")"

say "the Action's scripts on the tarball, against regionsync sandbox serve"
act="$work/action"
mkdir -p "$act/repo" "$act/tmp"
cp "$ROOT/desired-state.yaml" "$act/repo/"
port=$((20000 + RANDOM % 30000))
(cd "$act/repo" && exec "$bin" sandbox serve --port "$port" >"$act/serve.log" 2>&1) &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q "Press Ctrl-C" "$act/serve.log" 2>/dev/null && break; sleep 1; done
grep -q "Press Ctrl-C" "$act/serve.log" || { cat "$act/serve.log" >&2; fail "sandbox serve did not start"; }
while read -r _ assignment; do export "${assignment?}"; done < <(grep '^  export ' "$act/serve.log")
export RUNNER_TEMP="$act/tmp" GITHUB_ENV="$act/github-env" GITHUB_STEP_SUMMARY="$act/summary.md" COMMENT=false
export FILE=.regionsync/sandbox.yaml
step() { # step NAME SCRIPT [VAR=VALUE...]: runs one action script in the checkout with its own GITHUB_OUTPUT
  local name=$1 script=$2
  shift 2
  : >"$act/$name.out"
  (cd "$act/repo" && env GITHUB_OUTPUT="$act/$name.out" "$@" bash "$ROOT/action/$script") >"$act/$name.log" 2>&1
}
out() { sed -n "s/^$2=//p" "$act/$1.out"; }

step install install.sh VERSION="$tgz" || { cat "$act/install.log" >&2; fail "action/install.sh"; }
REGIONSYNC_BIN=$(sed -n 's/^REGIONSYNC_BIN=//p' "$GITHUB_ENV")
export REGIONSYNC_BIN
[ "$(out install version)" = "$version" ] || fail "install.sh installed $(out install version)"
step plan plan.sh PLAN_DIR="$act/reviewed" || { cat "$act/plan.log" >&2; fail "action/plan.sh"; }
[ "$(out plan exitcode)" = 2 ] || fail "plan.sh exitcode $(out plan exitcode), expected 2 (changes)"
[[ "$(out plan artifact)" =~ ^regionsync-plan-[0-9a-f]{32}-[0-9a-f]{16}$ ]] || fail "artifact name $(out plan artifact)"
step plan-again plan.sh PLAN_DIR="$act/stale" || fail "action/plan.sh (second plan)"
step apply apply.sh PLAN_FILE="$act/reviewed/plan.json" || { cat "$act/apply.log" >&2; fail "action/apply.sh"; }
[ "$(out apply result)" = applied ] || fail "apply.sh result $(out apply result)"
grep -q '^### regionsync apply: [1-9][0-9]* applied, 0 failed' "$GITHUB_STEP_SUMMARY" || fail "no apply results in the job summary"
echo "# edited after review" >>"$act/repo/$FILE"
if step stale apply.sh PLAN_FILE="$act/stale/plan.json"; then fail "apply.sh applied a plan of a file that changed since"; fi
[ "$(out stale result)" = stale ] || fail "apply.sh result $(out stale result), expected stale"
grep -q 'changed since the plan was made from it' "$GITHUB_STEP_SUMMARY" || fail "the summary does not say why the plan is stale"
say "action: plan kept as $(out plan artifact | cut -c1-40)…, applied ($(grep -m1 -o '[0-9]* applied' "$GITHUB_STEP_SUMMARY")), a stale plan refused and reported"
kill "$serve" 2>/dev/null || true
wait "$serve" 2>/dev/null || true
trap - EXIT
say "OK: the packed tarball installs into an empty prefix, runs the demo, and drives the action's plan and apply"
