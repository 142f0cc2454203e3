/**
 * The Datadog provider: region-tagged monitors and the paging targets they notify (PagerDuty services, Opsgenie
 * services, monitor notification rules), one Datadog org per account. This module and what it imports never load the
 * SDK: `connect` loads the session, which does.
 */
import { z } from "zod";
import type { Provider } from "../../core/kind.js";
import { datadogCodes } from "./codes.js";
import { checkHandles } from "./handles.js";
import { monitors } from "./monitors.js";
import { notificationRules } from "./notification-rules.js";
import { opsgenieServices } from "./opsgenie-services.js";
import { pagerdutyServices } from "./pagerduty-services.js";
import type { DatadogSession } from "./session.js";

export const sites = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "datadoghq.eu",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const accountSchema = z.strictObject({
  site: z.enum(sites).describe("The Datadog site the org lives on."),
  api_key_env: envName.describe("Environment variable holding the org's API key."),
  app_key_env: envName.describe(
    "Environment variable holding an application key with monitors and integrations write.",
  ),
});

export type DatadogSettings = z.infer<typeof accountSchema>;

export const datadogProvider: Provider<DatadogSettings, DatadogSession> = {
  name: "datadog",
  description: "Datadog monitors per region and the paging targets they notify.",
  accountSchema,
  // Paging targets first: a monitor's message may page a service this run creates.
  kinds: [pagerdutyServices, opsgenieServices, notificationRules, monitors],
  codes: datadogCodes,
  validate: checkHandles,
  async connect(ctx) {
    const { connectSession } = await import("./session.js");
    return connectSession(ctx);
  },
};
