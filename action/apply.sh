#!/usr/bin/env bash
# `command: apply`: applies exactly the reviewed plan (PLAN_FILE, downloaded by action.yml) to FILE as merged, and
# reports each change's result in the job summary and on the merged pull request. Without a usable reviewed plan
# (none found, or `apply PLAN` refuses it as stale) it re-plans and says so on the pull request; then ON_STALE=fail
# fails the job (apply again by hand after reading the new plan) and ON_STALE=apply applies the fresh plan.
# Outputs: result (applied | failed | stale | stale-applied) and exitcode.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

file=${FILE:-desired-state.yaml}
pr=${PULL_REQUEST:-}
work=$(mktemp -d)
report() {
  summary "$1"
  if [ -n "$pr" ] && [ "${COMMENT:-true}" = true ]; then comment "$pr" "$1"; fi
}
finish() {
  output result "$1"
  output exitcode "$2"
  exit "$2"
}

reasons="- ${REASON:-no reviewed plan was found}"
if [ -n "${PLAN_FILE:-}" ]; then
  set +e
  regionsync apply "$PLAN_FILE" -f "$file" --markdown >"$work/apply.md"
  code=$?
  set -e
  if ! head -n1 "$work/apply.md" | grep -q '^### regionsync apply: refused, nothing was applied'; then
    report "$work/apply.md"
    [ "$code" -eq 0 ] && finish applied 0
    finish failed "$code"
  fi
  reasons=$(grep '^- ' "$work/apply.md")
fi

# No reviewed plan applies: re-plan, and say so where the review happened.
set +e
regionsync plan -f "$file" --markdown --detailed-exitcode >"$work/plan.md"
planned=$?
set -e
{
  echo "### regionsync apply: the reviewed plan was not applied"
  echo
  echo "$reasons"
  echo
  if [ "${ON_STALE:-fail}" = apply ]; then
    echo "The plan as of the merge (below) is applied now (\`on-stale: apply\`)."
  else
    echo "Nothing was applied. The plan as of the merge is below: review it, then run the workflow by hand (\`workflow_dispatch\`) to apply it."
  fi
  echo
  echo "<details><summary>The plan now</summary>"
  echo
  cat "$work/plan.md"
  echo
  echo "</details>"
} >"$work/stale.md"
report "$work/stale.md"
[ "$planned" -eq 0 ] || [ "$planned" -eq 2 ] || finish stale "$planned"
[ "${ON_STALE:-fail}" = apply ] || finish stale 1

set +e
regionsync apply -f "$file" --yes --markdown >"$work/apply.md"
code=$?
set -e
report "$work/apply.md"
[ "$code" -eq 0 ] && finish stale-applied 0
finish failed "$code"
