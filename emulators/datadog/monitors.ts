/** The v1 monitor endpoints: list (with `monitor_tags`, `name`, `tags`, `id_offset`, `page`), get, create, update, delete, validate. */
import type { EmulatorRequest, EmulatorResponse, Handler } from "../common/server.js";
import { API_USER, type DatadogOrg, type Json, normalise, semanticErrors } from "./org.js";

export const errors = (status: number, ...messages: string[]): EmulatorResponse => ({
  status,
  body: { errors: messages },
});

const monitorId = (req: EmulatorRequest) => Number(req.params.monitor_id);

/** The tag filter matches a monitor's own tags; every listed tag must be present. */
function hasTags(monitor: Json, list: string | null): boolean {
  if (!list) return true;
  const tags = (monitor.tags as string[]).map((t) => t.toLowerCase());
  return list.split(",").every((t) => tags.includes(t.trim().toLowerCase()));
}

/** The `tags` filter matches the query's scope, not the monitor's tags. */
function hasScope(monitor: Json, list: string | null): boolean {
  if (!list) return true;
  const scope = /\{([^}]*)\}/.exec(String(monitor.query))?.[1] ?? "";
  return list.split(",").every((t) => scope.split(",").includes(t.trim()));
}

export function monitorHandlers(org: DatadogOrg): Record<string, Handler> {
  const checked = (input: Json, except?: number): EmulatorResponse | undefined => {
    const problems = semanticErrors(input);
    if (problems.length > 0) return errors(400, ...problems);
    const duplicate = org.duplicateOf(input, except);
    if (duplicate !== undefined) {
      return errors(400, `Duplicate of an existing monitor_id:${duplicate} org_id:${org.orgId}`);
    }
    return undefined;
  };

  return {
    ListMonitors(req) {
      const name = req.query.get("name")?.toLowerCase();
      const idOffset = Number(req.query.get("id_offset") ?? 0);
      const all = [...org.monitors.values()]
        .filter((m) => hasTags(m, req.query.get("monitor_tags")))
        .filter((m) => hasScope(m, req.query.get("tags")))
        .filter((m) => !name || String(m.name).toLowerCase().includes(name))
        .filter((m) => (m.id as number) > idOffset)
        .sort((a, b) => (a.id as number) - (b.id as number));
      const page = req.query.get("page");
      if (page === null) return { status: 200, body: all };
      const size = Number(req.query.get("page_size") ?? 100);
      const start = Number(page) * size;
      return { status: 200, body: all.slice(start, start + size) };
    },

    GetMonitor(req) {
      const monitor = org.monitors.get(monitorId(req));
      return monitor ? { status: 200, body: monitor } : errors(404, "Monitor not found");
    },

    CreateMonitor(req) {
      const input = req.body as Json;
      return checked(input) ?? { status: 200, body: org.createMonitor(input, API_USER) };
    },

    UpdateMonitor(req) {
      const id = monitorId(req);
      const current = org.monitors.get(id);
      if (!current) return errors(404, "Monitor not found");
      const input = req.body as Json;
      if (input.type !== undefined && normalise(input).type !== current.type) {
        return errors(400, "The monitor type cannot be changed");
      }
      const next = { ...current, ...input, options: input.options ?? current.options };
      return checked(next, id) ?? { status: 200, body: org.updateMonitor(id, input) };
    },

    DeleteMonitor(req) {
      const id = monitorId(req);
      if (!org.monitors.delete(id)) return errors(404, "Monitor not found");
      return { status: 200, body: { deleted_monitor_id: id } };
    },

    ValidateMonitor(req) {
      const problems = semanticErrors(req.body as Json);
      return problems.length > 0 ? errors(400, ...problems) : { status: 200, body: {} };
    },

    ValidateExistingMonitor(req) {
      const current = org.monitors.get(monitorId(req));
      if (!current) return errors(404, "Monitor not found");
      const input = req.body as Json;
      if (normalise(input).type !== current.type) return errors(400, "The monitor type cannot be changed");
      const problems = semanticErrors(input);
      return problems.length > 0 ? errors(400, ...problems) : { status: 200, body: {} };
    },

    Validate() {
      return { status: 200, body: { valid: true } };
    },
  };
}
