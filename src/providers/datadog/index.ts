/**
 * The Datadog provider: region-tagged monitors and the paging targets they notify (PagerDuty services, Opsgenie
 * services, monitor notification rules), one Datadog org per account. This module and what it imports never load the
 * SDK: `connect` loads the session, which does.
 */
import type { Provider } from "../../core/kind.js";
import { accountSchema, type DatadogSettings, sites } from "./account.js";
import { datadogCodes } from "./codes.js";
import { checkHandles } from "./handles.js";
import { ipAllowlist } from "./ip-allowlist.js";
import { monitors } from "./monitors.js";
import { notificationRules } from "./notification-rules.js";
import { opsgenieServices } from "./opsgenie-services.js";
import { pagerdutyServices } from "./pagerduty-services.js";
import type { DatadogSession } from "./session.js";

export const datadogProvider: Provider<DatadogSettings, DatadogSession> = {
  name: "datadog",
  description: "Datadog monitors per region, the paging targets they notify, and the org's IP allowlist.",
  accountSchema,
  trust: {
    credentialPrefixes: ["DD_", "DATADOG_", "REGIONSYNC_DATADOG_"],
    destinations: (a) =>
      a.endpoint
        ? [{ setting: "endpoint", url: a.endpoint }]
        : [{ setting: "site", url: `https://api.${a.settings.site}` }],
    vendorOwned: (url) =>
      url.protocol === "https:" && url.port === "" && sites.some((site) => url.hostname === `api.${site}`),
  },
  // The IP allowlist first (calls from a new region are allowed before anything there depends on them), then paging
  // targets: a monitor's message may page a service this run creates.
  kinds: [ipAllowlist, pagerdutyServices, opsgenieServices, notificationRules, monitors],
  codes: datadogCodes,
  // The transport lets 8 writes be in flight (Datadog's edge answers 5xx beyond that); at 4 changes at once, creates
  // ran at about half of a 100-requests-a-second window.
  concurrency: 8,
  validate: checkHandles,
  async connect(ctx) {
    const { connectSession } = await import("./session.js");
    return connectSession(ctx);
  },
};
