#!/usr/bin/env bash
# `command: plan`: plans FILE, posts (or edits) the one sticky comment, copies the plan to the job summary, and saves
# the plan for apply. Outputs: exitcode (0 no changes, 2 changes), plan-file, digest (sha256 of FILE as planned),
# basis (a digest of the vendor state every change was computed from) and artifact (the name apply looks for).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

file=${FILE:-desired-state.yaml}
out=${PLAN_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/regionsync-plan}
mkdir -p "$out"
args=(plan -f "$file" --markdown --detailed-exitcode --out "$out/plan.json")
[ "${COMMENT:-true}" = true ] && args+=(--comment)

set +e
regionsync "${args[@]}" >"$out/plan.md"
code=$?
set -e
summary "$out/plan.md"
output exitcode "$code"
# 0: nothing to do; 2: changes (the comment lists them); anything else fails, a comment that could not be posted too.
[ "$code" -eq 0 ] || [ "$code" -eq 2 ] || exit "$code"

# shellcheck disable=SC2016 # JavaScript, not shell
keys=$(node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { createHash } from "node:crypto";
  const plan = JSON.parse(readFileSync(process.argv[1], "utf8"));
  const lines = plan.changes.map((c) => `${c.id} ${c.basis}`).sort().join("\n");
  console.log(plan.desired_state.digest, createHash("sha256").update(lines).digest("hex"));
' "$out/plan.json")
digest=${keys% *}
basis=${keys#* }
output plan-file "$out/plan.json"
output digest "$digest"
output basis "$basis"
# apply finds the plan by the merged file's digest: a plan of any other text of the file is never a match.
output artifact "regionsync-plan-${digest:0:32}-${basis:0:16}"
