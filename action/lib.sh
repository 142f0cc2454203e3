# Shared by the action's scripts (action.yml runs them with bash from the action's own directory).
# shellcheck shell=bash

die() {
  echo "::error::$*" >&2
  exit 1
}

# output NAME VALUE: a step output.
output() { echo "$1=$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# summary FILE: appends a markdown file to the job summary.
summary() { cat "$1" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"; }

# GitHub refuses comment bodies over 65,536 characters; the whole text stays in the job summary and the log.
clip() {
  local file=$1 max=60000
  if [ "$(wc -c <"$file")" -le "$max" ]; then cat "$file"; return; fi
  head -c "$max" "$file"
  printf '\n\n… cut at %s characters: the whole report is in the job summary of %s.\n' "$max" "$(run_url)"
}

run_url() { echo "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"; }

# comment PR FILE: a new comment on the pull request (the results of one apply; the plan has its own sticky comment).
comment() {
  local pr=$1 body
  body=$(mktemp)
  clip "$2" >"$body"
  gh api --silent "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -F "body=@$body"
  rm -f "$body"
}

# regionsync ARGS...: the installed CLI (install.sh exports REGIONSYNC_BIN).
regionsync() { "${REGIONSYNC_BIN:?install.sh did not run}" "$@"; }
