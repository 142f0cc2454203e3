/**
 * The Datadog SDK, imported by part, and only by the session's modules (which `connect` loads). The package's index
 * loads the v1 and v2 clients together, about 135 MB of resident memory; v2 alone is 90 MB of that and regionsync
 * needs it only for notification rules (and Opsgenie), so it is loaded on first use. The package has no `exports`
 * map, so these paths are public in practice; the SDK version is pinned in package.json.
 */
export * as client from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js";
export * as v1 from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/index.js";
export type * as v2 from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/index.js";

export type V2 = typeof import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/index.js");

export const loadV2 = (): Promise<V2> =>
  import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/index.js");
