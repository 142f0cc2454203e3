/**
 * The state of one emulated Datadog org and the server-side rules Datadog applies to monitors: normalisation on write,
 * defaults filled in, semantic validation and the duplicate check. Everything is stored in wire form (snake_case).
 */
import { randomUUID } from "node:crypto";

export type Json = Record<string, unknown>;

export interface StoredPagerDuty {
  service_name: string;
  /** Kept so tests can check what was written; never returned by the API. */
  service_key: string;
}

export interface StoredOpsgenie {
  id: string;
  name: string;
  region: string;
  custom_url: string | null;
  opsgenie_api_key: string;
}

export interface StoredRule {
  id: string;
  attributes: Json;
}

export interface Creator {
  email: string;
  handle: string;
  name: string;
}

export const API_USER: Creator = {
  email: "regionsync@example.com",
  handle: "regionsync@example.com",
  name: "regionsync",
};

export interface StoredAllowlistEntry {
  id: string;
  cidr_block: string;
  note: string;
  created_at: string;
  modified_at: string;
}

export class DatadogOrg {
  readonly monitors = new Map<number, Json>();
  readonly pagerduty = new Map<string, StoredPagerDuty>();
  readonly opsgenie = new Map<string, StoredOpsgenie>();
  readonly rules = new Map<string, StoredRule>();
  /** The org's IP allowlist; `available: false` models an org whose plan lacks the feature. */
  readonly ipAllowlist = { available: true, enabled: false, entries: [] as StoredAllowlistEntry[] };
  /** Metric name → the tags it was submitted with lately (what `all-tags` reports). */
  readonly metricTags = new Map<string, { tags: string[]; ingested_tags?: string[] }>();
  private nextId = 1_000_001;

  constructor(
    readonly orgId = 321_813,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a monitor as Datadog would after a create, bypassing validation: for seeding hand-made monitors. */
  seedMonitor(input: Json, creator: Creator = API_USER): Json {
    const monitor = this.materialise(input, creator);
    this.monitors.set(monitor.id as number, monitor);
    return monitor;
  }

  createMonitor(input: Json, creator: Creator): Json {
    const monitor = this.materialise(input, creator);
    this.monitors.set(monitor.id as number, monitor);
    return monitor;
  }

  updateMonitor(id: number, input: Json): Json {
    const current = this.monitors.get(id)!;
    const merged = normalise({ ...current, ...input, options: input.options ?? current.options });
    const time = this.now().toISOString();
    const updated = { ...merged, id, modified: time };
    this.monitors.set(id, updated);
    return updated;
  }

  /** The monitor that `input` would duplicate, if any: Datadog refuses identical definitions. */
  duplicateOf(input: Json, except?: number): number | undefined {
    const normalised = normalise(input);
    const key = definitionKey(normalised);
    // Names first: a whole definition per monitor made each write of a 10,000-monitor org take tens of milliseconds.
    for (const [id, m] of this.monitors) {
      if (id !== except && m.name === normalised.name && definitionKey(m) === key) return id;
    }
    return undefined;
  }

  newRuleId(): string {
    return randomUUID();
  }

  private materialise(input: Json, creator: Creator): Json {
    const id = this.nextId++;
    const time = this.now();
    const query = String(input.query ?? "");
    return {
      ...normalise(input),
      id,
      org_id: this.orgId,
      created: time.toISOString(),
      created_at: time.getTime(),
      modified: time.toISOString(),
      creator,
      deleted: null,
      multi: / by \{/.test(query),
      overall_state: "No Data",
      overall_state_modified: null,
      restricted_roles: null,
    };
  }
}

const optionDefaults: Json = {
  include_tags: true,
  notify_audit: false,
  new_host_delay: 300,
  notify_no_data: false,
  silenced: {},
};

/** What Datadog does to a monitor on write. */
export function normalise(input: Json): Json {
  const tags = Array.isArray(input.tags) ? (input.tags as string[]) : [];
  const options = { ...optionDefaults, ...((input.options as Json | undefined) ?? {}) };
  if (options.thresholds && typeof options.thresholds === "object") options.thresholds = { ...options.thresholds };
  if (input.type === "log alert" && options.groupby_simple_monitor === undefined)
    options.groupby_simple_monitor = false;
  return {
    ...input,
    name: String(input.name ?? "").trim(),
    type: input.type === "metric alert" ? "query alert" : input.type,
    message: String(input.message ?? "").trim(),
    tags: [...new Set(tags.map((t) => t.toLowerCase()))],
    priority: input.priority ?? null,
    draft_status: input.draft_status ?? "published",
    options,
  };
}

function definitionKey(m: Json): string {
  const tags = [...((m.tags as string[] | undefined) ?? [])].sort();
  return JSON.stringify([m.name, m.type, m.query, m.message, tags, m.priority ?? null, sorted(m.options)]);
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Json)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}

/** Datadog's semantic checks beyond the schema; each string is one reason, as the API lists them. */
export function semanticErrors(input: Json): string[] {
  const errors: string[] = [];
  const message = String(input.message ?? "");
  const opens = message.split("{{").length - 1;
  const closes = message.split("}}").length - 1;
  if (opens !== closes) errors.push("In message: unbalanced braces");
  const tags = (input.tags as string[] | undefined) ?? [];
  if (tags.length > 80) errors.push("Invalid tags: a monitor can have at most 80 tags");
  const options = (input.options as Json | undefined) ?? {};
  const thresholds = (options.thresholds as Json | undefined) ?? {};
  if (thresholds.warning_recovery !== undefined && thresholds.warning === undefined) {
    errors.push("Invalid monitor option: warning_recovery requires a warning threshold");
  }
  if (input.type === "metric alert" || input.type === "query alert") {
    const query = String(input.query ?? "");
    const m = /(>=|<=|>|<|==|!=)\s*(-?\d+(?:\.\d+)?(?:e\d+)?)\s*$/.exec(query);
    if (!/^\w+\(last_\d+[mhdw]\):/.test(query) || !m) {
      errors.push(`The value provided for parameter 'query' is invalid: ${query}`);
    } else if (thresholds.critical !== undefined && Number(thresholds.critical) !== Number(m[2])) {
      errors.push(`Alert threshold (${thresholds.critical}) does not match that used in the query (${m[2]}).`);
    }
  }
  if (input.type === "service check" && options.groupby === undefined && !/\.by\(/.test(String(input.query))) {
    errors.push("Service check monitors require a group by");
  }
  return errors;
}
