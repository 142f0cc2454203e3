#!/usr/bin/env bash
# `command: apply`, first step: the pull request merged as this commit, and the plan its last run saved for FILE as it
# is now. Outputs: pull-request, run-id and artifact (empty when there is no such plan) and reason (why not).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

file=${FILE:-desired-state.yaml}
sha=${GITHUB_SHA:?}
digest=$(sha256sum "$file" | cut -c1-64)
output digest "$digest"

pr=$(gh api "repos/$GITHUB_REPOSITORY/commits/$sha/pulls" --jq '[.[] | select(.merged_at != null)][0] | "\(.number) \(.head.sha)"')
if [ -z "$pr" ] || [ "$pr" = "null null" ]; then
  output reason "no merged pull request is associated with $sha, so there is no reviewed plan"
  exit 0
fi
number=${pr% *}
head=${pr#* }
output pull-request "$number"

# The runs of the pull request's last commit, newest first; the first with a plan of this very file text wins.
prefix="regionsync-plan-${digest:0:32}-"
while read -r run; do
  [ -n "$run" ] || continue
  name=$(gh api "repos/$GITHUB_REPOSITORY/actions/runs/$run/artifacts" \
    --jq "[.artifacts[] | select(.expired | not) | select(.name | startswith(\"$prefix\"))][0].name // empty")
  if [ -n "$name" ]; then
    output run-id "$run"
    output artifact "$name"
    echo "Reviewed plan: $name from run $run of #$number ($head)" >&2
    exit 0
  fi
done < <(gh api "repos/$GITHUB_REPOSITORY/actions/runs?head_sha=$head&event=pull_request&per_page=20" \
  --jq '.workflow_runs | sort_by(.created_at) | reverse | .[].id')
output reason "no plan of $file as merged (sha256 ${digest:0:12}…) was kept by the runs of #$number's last commit ${head:0:7}: the file changed after its last plan (another merge, or a plan that did not run)"
