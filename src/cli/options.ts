/**
 * Every CLI option, declared once: parsing, `--help` and the README's reference are all derived from this table.
 */
export interface OptionSpec {
  name: string;
  short?: string;
  type: "boolean" | "string";
  description: string;
  /** The commands that accept it. */
  commands: string[];
  placeholder?: string;
}

const planLike = ["plan", "apply", "run", "sandbox"];

export const optionSpecs: OptionSpec[] = [
  {
    name: "file",
    short: "f",
    type: "string",
    placeholder: "FILE",
    description: "desired-state file (default: ./desired-state.yaml)",
    commands: ["validate", ...planLike],
  },
  {
    name: "json",
    type: "boolean",
    description: "print the machine-readable plan or diagnostics (format_version 1.0)",
    commands: ["validate", "plan"],
  },
  {
    name: "markdown",
    type: "boolean",
    description: "print the plan as a pull-request comment body",
    commands: ["plan"],
  },
  {
    name: "comment",
    type: "boolean",
    description: "post the markdown plan as one sticky pull-request comment (GITHUB_TOKEN, GITHUB_REPOSITORY, --pr)",
    commands: ["plan"],
  },
  {
    name: "pr",
    type: "string",
    placeholder: "N",
    description: "pull-request number for --comment (default: from GITHUB_EVENT_PATH)",
    commands: ["plan"],
  },
  {
    name: "out",
    type: "string",
    placeholder: "FILE",
    description: "save the plan, to apply exactly it later with 'apply FILE'",
    commands: ["plan"],
  },
  {
    name: "detailed-exitcode",
    type: "boolean",
    description: "exit 0 when there are no changes, 2 when there are (manual actions count), 1 on error",
    commands: ["plan", "run"],
  },
  {
    name: "only",
    type: "string",
    placeholder: "P[,P]",
    description: "only these providers (auth0, datadog, github)",
    commands: planLike,
  },
  {
    name: "region",
    type: "string",
    placeholder: "NAME",
    description: "only resources of this region",
    commands: planLike,
  },
  {
    name: "allow-delete",
    type: "boolean",
    description: "allow deletes of objects regionsync owns",
    commands: planLike,
  },
  {
    name: "override-blast-radius",
    type: "boolean",
    description: "apply even when more would be deleted than blast_radius allows",
    commands: planLike,
  },
  { name: "yes", short: "y", type: "boolean", description: "apply without asking", commands: ["apply", "run"] },
  {
    name: "sandbox",
    type: "boolean",
    description: "run against the built-in vendor emulators instead of real vendors",
    commands: [...planLike, "validate"],
  },
  {
    name: "mode",
    type: "string",
    placeholder: "plan|apply",
    description: "what a run does: report drift only (plan, default) or apply it",
    commands: ["run"],
  },
  {
    name: "schedule",
    type: "string",
    placeholder: "CRON",
    description: "keep running on this cron schedule (e.g. '*/15 * * * *')",
    commands: ["run"],
  },
  {
    name: "time-zone",
    type: "string",
    placeholder: "TZ",
    description: "time zone of --schedule (default UTC)",
    commands: ["run"],
  },
  {
    name: "metrics-file",
    type: "string",
    placeholder: "FILE",
    description: "write Prometheus metrics to this textfile after each run",
    commands: ["run"],
  },
  {
    name: "pushgateway",
    type: "string",
    placeholder: "URL",
    description: "push Prometheus metrics to this Pushgateway after each run",
    commands: ["run"],
  },
  {
    name: "slack-webhook-env",
    type: "string",
    placeholder: "VAR",
    description: "environment variable holding a Slack incoming-webhook URL to notify on drift or failure",
    commands: ["run"],
  },
  {
    name: "port",
    type: "string",
    placeholder: "N",
    description: "first port for 'sandbox serve' (default 4510)",
    commands: ["sandbox"],
  },
  {
    name: "write",
    type: "boolean",
    description: "write the JSON Schemas into schema/ and the diagnostic codes into docs/diagnostics.md",
    commands: ["schema"],
  },
  {
    name: "log-level",
    type: "string",
    placeholder: "LEVEL",
    description: "debug, info, warn or error (default info; warn on a terminal)",
    commands: [...planLike, "validate"],
  },
  { name: "help", short: "h", type: "boolean", description: "show help", commands: [] },
  { name: "version", short: "v", type: "boolean", description: "show the version", commands: [] },
];

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
    usage: "regionsync apply [PLAN] [-f FILE] [--yes] [--allow-delete] [--only P] [--region R]",
    examples: ["regionsync apply", "regionsync apply --yes --allow-delete", "regionsync apply eu.plan.json"],
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
    usage: "regionsync sandbox demo|serve [-f FILE] [--port N]",
    examples: ["regionsync sandbox demo", "regionsync sandbox serve --port 4510", "regionsync plan --sandbox"],
  },
  schema: {
    summary: "print (or --write) the JSON Schemas of desired-state.yaml and of the JSON plan",
    usage: "regionsync schema [--write]",
    examples: ["regionsync schema --write"],
  },
};

export function helpText(command?: string): string {
  if (command && commands[command]) {
    const c = commands[command];
    const opts = optionSpecs.filter((o) => o.commands.includes(command));
    return [
      `regionsync ${command}: ${c.summary}`,
      "",
      `Usage: ${c.usage}`,
      "",
      "Options:",
      ...opts.map(
        (o) =>
          `  ${`${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.placeholder ? ` ${o.placeholder}` : ""}`.padEnd(36)}${o.description}`,
      ),
      "",
      "Examples:",
      ...c.examples.map((e) => `  $ ${e}`),
      "",
    ].join("\n");
  }
  return [
    "regionsync: declare your production regions once; keep Auth0, GitHub and Datadog in step with them.",
    "",
    "Usage: regionsync <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`),
    "",
    "Examples:",
    ...Object.values(commands).flatMap((c) => c.examples.slice(0, 1).map((e) => `  $ ${e}`)),
    "",
    "Run 'regionsync <command> --help' for a command's options. Exit codes: 0 ok, 1 error, 2 changes (with --detailed-exitcode).",
    "",
  ].join("\n");
}
