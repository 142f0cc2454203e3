/**
 * The `pagerduty_services` kind: services of Datadog's PagerDuty integration (what `@pagerduty-<service>` in a message
 * pages). Datadog has no list endpoint and never returns the key, so each declared service is looked up by name, and a
 * service the ledger records is taken to exist (deleting one that is gone succeeds).
 */
import { z } from "zod";
import { mapLimit } from "../../core/retry.js";
import { keyedServiceKind } from "./keyed-service.js";
import { exportPagerduty } from "./paging-export.js";

const pagerdutySchema = z.strictObject({
  service_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .describe("Environment variable holding the service's integration key (write-only in Datadog)."),
});

export const pagerdutyServices = keyedServiceKind(
  {
    key: "pagerduty_services",
    kind: "pagerduty_service",
    description: "A service of Datadog's PagerDuty integration, paged by @pagerduty-<name>. Its key is write-only.",
    schema: pagerdutySchema,
  },
  {
    integration: "pagerduty",
    keyPath: "service_key",
    attributes: z.never(),
    keyEnv: (spec) => spec.service_key_env,
    async observe(session, declared, recorded) {
      const exists = await mapLimit(declared, 8, (name) => session.pagerduty.exists(name));
      const found = [...declared.filter((_, i) => exists[i]), ...recorded];
      return new Map(found.map((name) => [name, { id: name }]));
    },
    find: async (session, name) => ((await session.pagerduty.exists(name)) ? name : undefined),
    create: async (session, { service }, key) => {
      await session.pagerduty.create(service, key);
      return service;
    },
    update: (session, id, _payload, key) => session.pagerduty.update(id, key),
    export: exportPagerduty,
    remove: (session, id) => session.pagerduty.remove(id),
  },
);
