/** PagerDuty services (v1), Opsgenie services and monitor notification rules (v2). Keys are accepted, never returned. */
import type { EmulatorRequest, Handler } from "../common/server.js";
import { errors } from "./monitors.js";
import type { DatadogOrg, Json, StoredOpsgenie } from "./org.js";

const opsgenieData = (s: StoredOpsgenie) => ({
  id: s.id,
  type: "opsgenie-service",
  attributes: { name: s.name, region: s.region, custom_url: s.custom_url },
});

const attributesOf = (req: EmulatorRequest) =>
  ((req.body as { data?: { attributes?: Json } }).data?.attributes ?? {}) as Json;

/** Rules the schema cannot express: recipients are handles without `@`, and the two recipient forms exclude each other. */
function ruleProblems(attributes: Json): string[] {
  const problems: string[] = [];
  if (attributes.recipients !== undefined && attributes.conditional_recipients !== undefined) {
    problems.push("recipients and conditional_recipients cannot be used together");
  }
  for (const r of (attributes.recipients as string[] | undefined) ?? []) {
    if (r.startsWith("@")) problems.push(`recipient '${r}' must not start with '@'`);
  }
  return problems;
}

export function pagingHandlers(org: DatadogOrg, now: () => Date): Record<string, Handler> {
  const ruleBody = (id: string) => ({ data: { id, type: "monitor-notification-rule", ...org.rules.get(id) } });
  return {
    CreatePagerDutyIntegrationService(req) {
      const { service_name, service_key } = req.body as { service_name: string; service_key: string };
      if (org.pagerduty.has(service_name)) return errors(409, `Service ${service_name} already exists`);
      org.pagerduty.set(service_name, { service_name, service_key });
      return { status: 201, body: { service_name } };
    },
    GetPagerDutyIntegrationService(req) {
      const found = org.pagerduty.get(req.params.service_name!);
      return found ? { status: 200, body: { service_name: found.service_name } } : errors(404, "Service not found");
    },
    UpdatePagerDutyIntegrationService(req) {
      const found = org.pagerduty.get(req.params.service_name!);
      if (!found) return errors(404, "Service not found");
      found.service_key = (req.body as { service_key: string }).service_key;
      return { status: 204 };
    },
    DeletePagerDutyIntegrationService(req) {
      return org.pagerduty.delete(req.params.service_name!) ? { status: 204 } : errors(404, "Service not found");
    },

    ListOpsgenieServices() {
      return { status: 200, body: { data: [...org.opsgenie.values()].map(opsgenieData) } };
    },
    CreateOpsgenieService(req) {
      const a = attributesOf(req);
      if ([...org.opsgenie.values()].some((s) => s.name === a.name)) {
        return errors(409, `Opsgenie service ${String(a.name)} already exists`);
      }
      if (a.region === "custom" && !a.custom_url) return errors(400, "custom_url is required for a custom region");
      const stored: StoredOpsgenie = {
        id: org.newRuleId(),
        name: String(a.name),
        region: String(a.region),
        custom_url: (a.custom_url as string | undefined) ?? null,
        opsgenie_api_key: String(a.opsgenie_api_key),
      };
      org.opsgenie.set(stored.id, stored);
      return { status: 201, body: { data: opsgenieData(stored) } };
    },
    GetOpsgenieService(req) {
      const found = org.opsgenie.get(req.params.integration_service_id!);
      return found ? { status: 200, body: { data: opsgenieData(found) } } : errors(404, "Not found");
    },
    UpdateOpsgenieService(req) {
      const found = org.opsgenie.get(req.params.integration_service_id!);
      if (!found) return errors(404, "Not found");
      const a = attributesOf(req);
      if (a.name !== undefined) found.name = String(a.name);
      if (a.region !== undefined) found.region = String(a.region);
      if (a.custom_url !== undefined) found.custom_url = (a.custom_url as string | null) ?? null;
      if (a.opsgenie_api_key !== undefined) found.opsgenie_api_key = String(a.opsgenie_api_key);
      return { status: 200, body: { data: opsgenieData(found) } };
    },
    DeleteOpsgenieService(req) {
      return org.opsgenie.delete(req.params.integration_service_id!) ? { status: 204 } : errors(404, "Not found");
    },

    GetMonitorNotificationRules(req) {
      const size = Number(req.query.get("per_page") ?? 100);
      const start = Number(req.query.get("page") ?? 0) * size;
      const ids = [...org.rules.keys()].slice(start, start + size);
      return { status: 200, body: { data: ids.map((id) => ruleBody(id).data) } };
    },
    CreateMonitorNotificationRule(req) {
      const a = attributesOf(req);
      const problems = ruleProblems(a);
      if (problems.length > 0) return errors(400, ...problems);
      const id = org.newRuleId();
      const time = now().toISOString();
      org.rules.set(id, { id, attributes: { ...a, created: time, modified: time } });
      return { status: 200, body: ruleBody(id) };
    },
    GetMonitorNotificationRule(req) {
      return org.rules.has(req.params.rule_id!)
        ? { status: 200, body: ruleBody(req.params.rule_id!) }
        : errors(404, "Not found");
    },
    UpdateMonitorNotificationRule(req) {
      const found = org.rules.get(req.params.rule_id!);
      if (!found) return errors(404, "Not found");
      const a = attributesOf(req);
      const problems = ruleProblems(a);
      if (problems.length > 0) return errors(400, ...problems);
      // The attributes replace the rule's definition; only the creation time survives.
      found.attributes = { ...a, created: found.attributes.created, modified: now().toISOString() };
      return { status: 200, body: ruleBody(found.id) };
    },
    DeleteMonitorNotificationRule(req) {
      return org.rules.delete(req.params.rule_id!) ? { status: 204 } : errors(404, "Not found");
    },
  };
}
