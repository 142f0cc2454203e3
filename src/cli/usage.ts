/** Each command: what it is for, its usage line and examples, for `--help` and the README. */
export const commands: Record<string, { summary: string; usage: string; examples: string[] }> = {
  validate: {
    summary: "check desired-state.yaml; no vendor is contacted",
    usage: "regionsync validate [-f FILE] [--json]",
    examples: ["regionsync validate", "regionsync validate -f regions/prod.yaml --json"],
  },
  plan: {
    summary: "observe the vendors and show what would change (read-only)",
    usage: "regionsync plan [-f FILE] [--json|--markdown] [--out PLAN] [--detailed-exitcode] [--only P] [--region R]",
    examples: [
      "regionsync plan",
      "regionsync plan --region eu --only auth0,datadog",
      "regionsync plan --out eu.plan.json && regionsync apply eu.plan.json",
      "regionsync plan --markdown --comment --pr 42 --detailed-exitcode",
    ],
  },
  apply: {
    summary: "apply a fresh plan (asks on a terminal) or exactly a saved plan",
    usage: "regionsync apply [PLAN] [-f FILE] [--yes] [--markdown] [--allow-delete] [--only P] [--region R]",
    examples: [
      "regionsync apply",
      "regionsync apply --yes --allow-delete",
      "regionsync apply eu.plan.json",
      'regionsync apply pr-42.plan.json --markdown >> "$GITHUB_STEP_SUMMARY"',
    ],
  },
  run: {
    summary: "the scheduled job: plan (or apply with --mode apply), one JSON summary line, metrics",
    usage: "regionsync run [--mode plan|apply] [--schedule CRON] [--metrics-file F | --pushgateway URL]",
    examples: [
      "regionsync run --mode plan --metrics-file /tmp/regionsync.prom",
      "regionsync run --mode apply --schedule '*/15 * * * *'",
    ],
  },
  sandbox: {
    summary:
      "try regionsync with no vendor account: 'demo' plans, applies and re-plans; 'serve' keeps the emulators up",
    usage: "regionsync sandbox demo [--add-region ap] | serve [-f FILE] [--port N]",
    examples: [
      "regionsync sandbox demo",
      "regionsync sandbox demo --add-region ap",
      "regionsync sandbox serve --port 4510",
      "regionsync plan --sandbox",
    ],
  },
  region: {
    summary:
      "open a region ('add': one block in desired-state.yaml, then its plan) or decommission one ('remove': what goes, then --allow-delete)",
    usage:
      "regionsync region add NAME --host H [--host H2] --cloud-region R [--account P=A] [--like R] [--paging @H] [--value K=V] [--egress CIDR]\n       regionsync region remove NAME [--allow-delete [--yes]]",
    examples: [
      "regionsync region add ap --host ap.example.com --cloud-region ap-southeast-2 --account auth0=auth0-ap --account datadog=datadog-ap --like us --egress 203.0.113.128/28",
      "regionsync region remove ap",
      "regionsync region remove ap --allow-delete",
    ],
  },
  schema: {
    summary: "print (or --write) the JSON Schemas of desired-state.yaml and of the JSON plan",
    usage: "regionsync schema [--write]",
    examples: ["regionsync schema --write"],
  },
  help: {
    summary: "show the help of regionsync, or of one command",
    usage: "regionsync help [COMMAND]",
    examples: ["regionsync help plan"],
  },
  completion: {
    summary: "print shell completion for bash, zsh or fish",
    usage: "regionsync completion bash|zsh|fish",
    examples: [
      "source <(regionsync completion bash)    # in ~/.bashrc",
      'regionsync completion zsh > "${fpath[1]}/_regionsync"',
      "regionsync completion fish > ~/.config/fish/completions/regionsync.fish",
    ],
  },
};
