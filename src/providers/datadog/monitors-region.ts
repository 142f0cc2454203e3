/**
 * Monitors that really watch their region. A regional monitor's region tag (`region:<value>` among its tags, what
 * notification rules route on) names the traffic it is about; `validate` warns when its query does not filter on that
 * tag, and plan asks Datadog (read-only) whether each metric the query reads has reported that tag value lately: a
 * monitor scoped to a value no metric carries never fires, and looks healthy in every tool.
 */
import { mapLimit } from "../../core/retry.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { specOf } from "./drafts.js";
import { reasonsOf, statusOf } from "./errors.js";
import type { MonitorSpec } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";

const REGION_KEY = "region";
const METRIC_TYPES = new Set(["metric alert", "query alert"]);
/** `<aggregator>:<metric>{<scope>}` in a metric query. */
const METRIC = /(?:^|[^\w.])(?:avg|sum|min|max|count|p\d{1,2}(?:\.\d+)?)\s*:\s*([A-Za-z][\w.]*)\s*\{([^}]*)\}/g;

/** The value of the monitor's own region tag, lower case as Datadog stores tags. */
export function regionTagValue(spec: Pick<MonitorSpec, "tags">): string | undefined {
  const tag = (spec.tags ?? []).find((t) => t.toLowerCase().startsWith(`${REGION_KEY}:`));
  return tag?.slice(REGION_KEY.length + 1).toLowerCase();
}

/** Each metric a metric query reads, with the terms of its scope. */
export function queryMetrics(query: string): Array<{ metric: string; terms: string[] }> {
  return [...query.matchAll(METRIC)].map((m) => ({
    metric: m[1]!,
    terms: m[2]!
      .split(/,|\s+AND\s+/i)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  }));
}

const filtersOn = (terms: string[], tag: string) => terms.includes(tag);

interface Scoped {
  instance: Instance<MonitorSpec>;
  tag: string;
  metrics: Array<{ metric: string; filtered: boolean }>;
}

/** Regional metric monitors with a region tag, and whether each metric of their query is filtered by it. */
function scoped(instances: readonly Instance<MonitorSpec>[]): Scoped[] {
  return instances.flatMap((instance) => {
    const value = regionTagValue(instance.spec);
    if (!instance.region || !value || !METRIC_TYPES.has(instance.spec.type)) return [];
    const tag = `${REGION_KEY}:${value}`;
    const metrics = queryMetrics(instance.spec.query).map((m) => ({
      metric: m.metric,
      filtered: filtersOn(m.terms, tag),
    }));
    return metrics.length > 0 ? [{ instance, tag, metrics }] : [];
  });
}

export function regionFilterMissing(instances: readonly Instance<MonitorSpec>[]): Diagnostic[] {
  return scoped(instances).flatMap(({ instance, tag, metrics }) => {
    const unfiltered = metrics.filter((m) => !m.filtered).map((m) => m.metric);
    if (unfiltered.length === 0) return [];
    return [
      {
        severity: "warning",
        code: code("monitor-region-filter"),
        message: `monitor "${specOf(instance).name}" is tagged ${tag}, but its query reads ${unfiltered.join(", ")} without filtering on ${tag}: it watches every region's traffic`,
        hint: `add ${tag} to the query's {...} scope, e.g. {service:api,${REGION_KEY}:\${region.cloud_region}}`,
        instance: instance.id,
        at: instance.fieldPositions.query ?? instance.at,
      },
    ];
  });
}

/**
 * Read-only: the tags each filtered metric reported in Datadog's recent window (one request per metric and org). A
 * metric without the monitor's region tag value makes the monitor a warning in its coverage cell.
 */
export async function checkMetricRegions(
  session: DatadogSession,
  instances: readonly Instance<MonitorSpec>[],
): Promise<Diagnostic[]> {
  const checks = scoped(instances).flatMap((s) =>
    s.metrics.filter((m) => m.filtered).map((m) => ({ ...s, metric: m.metric })),
  );
  const metrics = [...new Set(checks.map((c) => c.metric))];
  const read = await mapLimit(metrics, 8, async (metric) => {
    try {
      return { tags: (await session.metricTags.tags(metric, `${REGION_KEY}:`)).map((t) => t.toLowerCase()) };
    } catch (error) {
      return { status: statusOf(error), reason: reasonsOf(error).join("; ") };
    }
  });
  const tagsOf = new Map(metrics.map((m, i) => [m, read[i]!]));
  const diagnostics: Diagnostic[] = [];
  const unreadable = new Set<string>();
  for (const { instance, tag, metric } of checks) {
    const found = tagsOf.get(metric)!;
    if (found.reason !== undefined && found.status !== 404) {
      if (!unreadable.has(metric)) {
        unreadable.add(metric);
        diagnostics.push({
          severity: "warning",
          code: code("metric-tags-unreadable"),
          message: `the tags of metric ${metric} could not be read (${found.reason}); monitors on it were not checked`,
          ...(found.status === 403 ? { hint: "give the application key the metrics_read permission" } : {}),
        });
      }
      continue;
    }
    const tags = found.tags ?? [];
    if (tags.includes(tag)) continue;
    const others = tags.filter((t) => t.startsWith(`${REGION_KEY}:`));
    const seen = others.length > 0 ? `it reports ${others.join(", ")}` : "it reports no region tag at all";
    diagnostics.push({
      severity: "warning",
      code: code("monitor-never-fires"),
      message: `monitor "${specOf(instance).name}" won't fire: metric ${metric} has not reported ${tag} in the last 4 hours (${found.tags ? seen : "Datadog knows no such metric"})`,
      hint: `make the region's services send ${metric} tagged ${tag}, or correct the monitor's region tag`,
      instance: instance.id,
      at: instance.fieldPositions.query ?? instance.at,
    });
  }
  return diagnostics;
}
