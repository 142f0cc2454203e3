/**
 * The `opsgenie_services` kind: services of Datadog's Opsgenie integration (what `@opsgenie-<service>` pages). Unlike
 * PagerDuty's they can be listed, so one request observes them all; the API key is write-only.
 */
import { z } from "zod";
import type { FieldDiff, Instance } from "../../core/types.js";
import { isPlainHttp } from "../../core/urls.js";
import { code } from "./codes.js";
import { specOf } from "./drafts.js";
import { planned } from "./errors.js";
import { keyedServiceKind } from "./keyed-service.js";
import type { OpsgenieAttributes } from "./session-clients.js";

const opsgenieSchema = z.strictObject({
  opsgenie_region: z
    .enum(["us", "eu", "custom"])
    .describe("The Opsgenie instance the service lives on (Datadog's `region`), not a company region."),
  custom_url: z.url().optional().describe("The Opsgenie URL when `opsgenie_region` is `custom`."),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .describe("Environment variable holding the Opsgenie API key (write-only in Datadog)."),
});

type OpsgenieSpec = z.infer<typeof opsgenieSchema>;

const attributes: z.ZodType<OpsgenieAttributes> = z.object({
  name: z.string(),
  region: z.string(),
  custom_url: z.string().nullable(),
});

function checkCustomUrl(instance: Instance<OpsgenieSpec>) {
  const { opsgenie_region, custom_url, name } = specOf(instance);
  const problem = (key: "opsgenie-custom-url" | "insecure-url", message: string) => ({
    severity: "error" as const,
    code: code(key),
    message: `Opsgenie service "${name}": ${message}`,
    instance: instance.id,
    at: instance.at,
  });
  return [
    ...((opsgenie_region === "custom") === (custom_url !== undefined)
      ? []
      : [problem("opsgenie-custom-url", "custom_url goes with opsgenie_region: custom, and only with it")]),
    ...(custom_url && isPlainHttp(custom_url)
      ? [problem("insecure-url", `custom_url ${custom_url} uses plain http; the API key would travel unencrypted`)]
      : []),
  ];
}

function diff(existing: OpsgenieAttributes, desired: OpsgenieAttributes): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (existing.region !== desired.region) {
    diffs.push({ path: "opsgenie_region", op: "change", before: existing.region, after: desired.region });
  }
  if (existing.custom_url !== desired.custom_url) {
    diffs.push({ path: "custom_url", op: "change", before: existing.custom_url, after: desired.custom_url });
  }
  return diffs;
}

export const opsgenieServices = keyedServiceKind(
  {
    key: "opsgenie_services",
    kind: "opsgenie_service",
    description: "A service of Datadog's Opsgenie integration, paged by @opsgenie-<name>. Its API key is write-only.",
    schema: opsgenieSchema,
  },
  {
    integration: "opsgenie",
    keyPath: "api_key",
    attributes,
    keyEnv: (spec) => spec.api_key_env,
    fields: (spec) => ({ name: spec.name, region: spec.opsgenie_region, custom_url: spec.custom_url ?? null }),
    diff,
    check: checkCustomUrl,
    async observe(session) {
      const byName = new Map<string, { id: string; fields: OpsgenieAttributes }>();
      for (const { id, ...fields } of await session.opsgenie.list()) {
        if (!byName.has(fields.name)) byName.set(fields.name, { id, fields });
      }
      return byName;
    },
    find: async (session, name) => (await session.opsgenie.list()).find((s) => s.name === name)?.id,
    create: (session, payload, key) => session.opsgenie.create(planned(payload.attributes, "attributes"), key),
    update: (session, id, payload, key) => session.opsgenie.update(id, planned(payload.attributes, "attributes"), key),
    remove: (session, id) => session.opsgenie.remove(id),
  },
);
