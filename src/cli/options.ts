/**
 * Every CLI option, declared once: parsing, the typed options object, `--help` and the README's reference all derive
 * from this table.
 */
import { DEFAULT_DESIRED_STATE_FILE } from "../core/desired-state.js";

const planLike = ["plan", "apply", "run", "sandbox"] as const;
const logLevels = ["debug", "info", "warn", "error"] as const;

interface OptionSpec {
  flag: string;
  short?: string;
  /** `list` is comma-separated; `repeated` may be given several times; an array lists the allowed values. */
  value: "boolean" | "string" | "integer" | "list" | "repeated" | readonly string[];
  default?: string;
  placeholder?: string;
  description: string;
  /** The commands that accept it; none: every command. */
  commands: readonly string[];
}

export const optionSpecs = {
  file: {
    flag: "file",
    short: "f",
    value: "string",
    placeholder: "FILE",
    // No parsed default: `apply PLAN` must tell an explicit -f (which overrides the plan's file) from none.
    description: `desired-state file (default: ./${DEFAULT_DESIRED_STATE_FILE}; for 'apply PLAN', the plan's own file)`,
    commands: ["validate", "region", ...planLike],
  },
  json: {
    flag: "json",
    value: "boolean",
    description: "print the machine-readable plan or diagnostics (format_version 1.x)",
    commands: ["validate", "plan"],
  },
  markdown: {
    flag: "markdown",
    value: "boolean",
    description: "print the plan (plan) or each change's result (apply) as a pull-request comment body",
    commands: ["plan", "apply"],
  },
  comment: {
    flag: "comment",
    value: "boolean",
    description: "post the markdown plan as one sticky pull-request comment (GITHUB_TOKEN, GITHUB_REPOSITORY, --pr)",
    commands: ["plan"],
  },
  pr: {
    flag: "pr",
    value: "integer",
    placeholder: "N",
    description: "pull-request number for --comment (default: from GITHUB_EVENT_PATH)",
    commands: ["plan"],
  },
  out: {
    flag: "out",
    value: "string",
    placeholder: "FILE",
    description: "save the plan, to apply exactly it later with 'apply FILE'",
    commands: ["plan"],
  },
  detailedExitcode: {
    flag: "detailed-exitcode",
    value: "boolean",
    description: "exit 0 when there are no changes, 2 when there are (manual actions count), 1 on error",
    commands: ["plan", "run"],
  },
  only: {
    flag: "only",
    value: "list",
    placeholder: "P[,P]",
    description: "only these providers (auth0, datadog, github)",
    commands: planLike,
  },
  region: {
    flag: "region",
    value: "string",
    placeholder: "NAME",
    description: "only resources of this region",
    commands: planLike,
  },
  allowDelete: {
    flag: "allow-delete",
    value: "boolean",
    description: "allow deletes of objects regionsync owns (region remove: decommission the region)",
    commands: [...planLike, "region"],
  },
  overrideBlastRadius: {
    flag: "override-blast-radius",
    value: "boolean",
    description: "apply even when more would be deleted than blast_radius allows",
    commands: [...planLike, "region"],
  },
  yes: {
    flag: "yes",
    short: "y",
    value: "boolean",
    description: "apply without asking",
    commands: ["apply", "run", "region"],
  },
  sandbox: {
    flag: "sandbox",
    value: "boolean",
    description: "run against the built-in vendor emulators instead of real vendors",
    commands: ["plan", "apply", "run", "region"],
  },
  host: {
    flag: "host",
    value: "repeated",
    placeholder: "HOST",
    description: "region add: a host name of the region (repeat it; the first is ${region.host})",
    commands: ["region"],
  },
  cloudRegion: {
    flag: "cloud-region",
    value: "string",
    placeholder: "R",
    description: "region add: the cloud provider's region, e.g. ap-southeast-2",
    commands: ["region"],
  },
  paging: {
    flag: "paging",
    value: "repeated",
    placeholder: "@HANDLE",
    description: "region add: who is paged for the region, a Datadog handle (repeat it)",
    commands: ["region"],
  },
  value: {
    flag: "value",
    value: "repeated",
    placeholder: "KEY=VALUE",
    description: "region add: a ${region.values.KEY} value (repeat it)",
    commands: ["region"],
  },
  account: {
    flag: "account",
    value: "repeated",
    placeholder: "PROVIDER=ACCOUNT",
    description: "region add: the account a provider uses in the region (repeat it)",
    commands: ["region"],
  },
  egress: {
    flag: "egress",
    value: "repeated",
    placeholder: "CIDR",
    description: "region add: a network the region's outbound traffic leaves from, IPv4 or IPv6 (repeat it)",
    commands: ["region"],
  },
  like: {
    flag: "like",
    value: "string",
    placeholder: "REGION",
    description: "region add: bind the providers --account leaves out to the accounts this region uses",
    commands: ["region"],
  },
  addRegion: {
    flag: "add-region",
    value: "string",
    placeholder: "NAME",
    description:
      "sandbox demo: after converging, open a third region (ap) with its own tenant and org, and converge again",
    commands: ["sandbox"],
  },
  mode: {
    flag: "mode",
    value: ["plan", "apply"],
    default: "plan",
    placeholder: "plan|apply",
    description: "what a run does: report drift only (plan, default) or apply it",
    commands: ["run"],
  },
  schedule: {
    flag: "schedule",
    value: "string",
    placeholder: "CRON",
    description: "keep running on this cron schedule (e.g. '*/15 * * * *')",
    commands: ["run"],
  },
  timeZone: {
    flag: "time-zone",
    value: "string",
    default: "UTC",
    placeholder: "TZ",
    description: "time zone of --schedule (default UTC)",
    commands: ["run"],
  },
  metricsFile: {
    flag: "metrics-file",
    value: "string",
    placeholder: "FILE",
    description: "write Prometheus metrics to this textfile after each run",
    commands: ["run"],
  },
  pushgateway: {
    flag: "pushgateway",
    value: "string",
    placeholder: "URL",
    description: "push Prometheus metrics to this Pushgateway after each run",
    commands: ["run"],
  },
  metricsPort: {
    flag: "metrics-port",
    value: "integer",
    placeholder: "N",
    description: "with --schedule, serve Prometheus metrics on this port at /metrics",
    commands: ["run"],
  },
  slackWebhookEnv: {
    flag: "slack-webhook-env",
    value: "string",
    placeholder: "VAR",
    description:
      "environment variable holding a Slack incoming-webhook URL: notices when drift or failure starts, changes or ends",
    commands: ["run"],
  },
  notifyState: {
    flag: "notify-state",
    value: "string",
    placeholder: "FILE",
    description: "file where Slack notices remember the last one, so each run notifies only what changed",
    commands: ["run"],
  },
  port: {
    flag: "port",
    value: "integer",
    placeholder: "N",
    description: "first port for 'sandbox serve' (default 4510)",
    commands: ["sandbox"],
  },
  write: {
    flag: "write",
    value: "boolean",
    description: "write the JSON Schemas into schema/ and the diagnostic codes into docs/diagnostics.md",
    commands: ["schema"],
  },
  logLevel: {
    flag: "log-level",
    value: logLevels,
    placeholder: "LEVEL",
    description: "debug, info, warn or error (default info; warn on a terminal)",
    commands: ["validate", "region", ...planLike],
  },
  logFormat: {
    flag: "log-format",
    value: ["text", "json"],
    placeholder: "text|json",
    description: "log lines as text (default on a terminal) or as JSON (default otherwise)",
    commands: ["validate", "region", ...planLike],
  },
  help: { flag: "help", short: "h", value: "boolean", description: "show help", commands: [] },
  version: { flag: "version", short: "v", value: "boolean", description: "show the version", commands: [] },
} as const satisfies Record<string, OptionSpec>;

type Specs = typeof optionSpecs;
type ValueOf<S extends OptionSpec> = S["value"] extends "boolean"
  ? boolean
  : S["value"] extends "integer"
    ? number | undefined
    : S["value"] extends "list" | "repeated"
      ? readonly string[] | undefined
      : S["value"] extends readonly (infer E)[]
        ? S extends { default: string }
          ? E
          : E | undefined
        : S extends { default: string }
          ? string
          : string | undefined;

/** The options of one invocation, parsed once; commands never change them (they derive a new object instead). */
export type Options = { readonly [K in keyof Specs]: ValueOf<Specs[K]> };
