/**
 * The org's IP allowlist and the tags its metrics report (API v2), in Datadog's wire JSON, so the kinds never handle
 * SDK models. Loaded with the session; the v2 SDK itself loads on first use.
 */
import type { V2 } from "./session-sdk.js";

/** One allowlist entry as Datadog sends it (its timestamps left out). */
export interface WireAllowlistEntry {
  id?: string;
  cidr_block: string;
  note?: string;
}

export interface WireAllowlist {
  enabled: boolean;
  entries: WireAllowlistEntry[];
}

export interface AllowlistClient {
  get(): Promise<WireAllowlist>;
  /** Replaces the whole entry list and the enabled state: Datadog's PATCH is not a merge. */
  replace(allowlist: { enabled: boolean; entries: Array<{ cidr_block: string; note?: string }> }): Promise<void>;
}

export interface MetricTagsClient {
  /** The tags (indexed and ingested) `metric` was submitted with in the last 4 hours, those containing `match`. */
  tags(metric: string, match: string): Promise<string[]>;
}

export interface NetworkClients {
  allowlist: AllowlistClient;
  metricTags: MetricTagsClient;
}

type Call = <T>(request: () => Promise<T>) => Promise<T>;

interface Loaded {
  sdk: V2;
  allowlist: InstanceType<V2["IPAllowlistApi"]>;
  metrics: InstanceType<V2["MetricsApi"]>;
}

export function networkClients(load: () => Promise<Loaded>, call: Call): NetworkClients {
  return {
    allowlist: {
      get: () =>
        call(async () => {
          const { allowlist } = await load();
          // Read field by field: the entries' timestamps are not needed, and a malformed one must not fail the read.
          const attributes = (await allowlist.getIPAllowlist()).data?.attributes;
          return {
            enabled: attributes?.enabled ?? false,
            entries: (attributes?.entries ?? []).map((e) => ({
              ...(e.data.id ? { id: e.data.id } : {}),
              cidr_block: e.data.attributes?.cidrBlock ?? "",
              ...(e.data.attributes?.note !== undefined ? { note: e.data.attributes.note } : {}),
            })),
          };
        }),
      replace: ({ enabled, entries }) =>
        call(async () => {
          const { sdk, allowlist } = await load();
          const wire = {
            data: {
              type: "ip_allowlist",
              attributes: {
                enabled,
                entries: entries.map((attributes) => ({ data: { type: "ip_allowlist_entry", attributes } })),
              },
            },
          };
          const body = sdk.ObjectSerializer.deserialize(wire, "IPAllowlistUpdateRequest", "");
          await allowlist.updateIPAllowlist({ body });
        }),
    },
    metricTags: {
      tags: (metricName, filterMatch) =>
        call(async () => {
          const { metrics } = await load();
          const response = await metrics.listTagsByMetricName({ metricName, filterMatch });
          const attributes = response.data?.attributes;
          return [...(attributes?.tags ?? []), ...(attributes?.ingestedTags ?? [])];
        }),
    },
  };
}
