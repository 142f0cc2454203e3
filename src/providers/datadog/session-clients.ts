/**
 * The Datadog calls regionsync makes, in Datadog's wire JSON (snake_case, as the API documentation shows it), so the
 * kinds never handle SDK models and never load the SDK. Every failed answer becomes a `DatadogApiError`.
 */
import { statusOf } from "./errors.js";
import { type NetworkClients, networkClients } from "./session-clients-network.js";
import { summarised } from "./session-errors.js";
import { type client, loadV2, type V2, v1, type v2 } from "./session-sdk.js";

/** A monitor as Datadog sends it. */
export interface WireMonitor {
  id?: number;
  name?: string;
  type?: string;
  query?: string;
  message?: string;
  tags?: string[];
  priority?: number | null;
  options?: Record<string, unknown>;
  creator?: { handle?: string; email?: string };
  /** ISO 8601. */
  created?: string;
}

export interface MonitorsClient {
  list(filter: { monitorTags?: string; name?: string; page: number; pageSize: number }): Promise<WireMonitor[]>;
  get(id: number): Promise<WireMonitor>;
  create(body: object): Promise<WireMonitor>;
  /** Datadog replaces what the body names (`options` as a whole). */
  update(id: number, body: object): Promise<void>;
  remove(id: number): Promise<void>;
  /** Datadog's validation of a monitor to create, or of monitor `id` as it would be after an update. */
  validate(body: object, id?: number): Promise<void>;
}

export interface PagerDutyClient {
  /** Whether the service exists; Datadog never returns its key. */
  exists(name: string): Promise<boolean>;
  create(name: string, key: string): Promise<void>;
  update(name: string, key: string): Promise<void>;
  remove(name: string): Promise<void>;
}

export interface OpsgenieAttributes {
  name: string;
  region: string;
  custom_url: string | null;
}

export interface OpsgenieClient {
  list(): Promise<Array<OpsgenieAttributes & { id: string }>>;
  /** Returns the new service's id. */
  create(attributes: OpsgenieAttributes, key: string): Promise<string>;
  update(id: string, attributes: OpsgenieAttributes, key: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface RuleAttributes {
  name: string;
  filter: { scope: string } | { tags: string[] };
  recipients: string[];
}

/** A notification rule as Datadog sends it. */
export interface WireRule {
  id: string;
  name: string;
  filter: { scope?: string; tags?: string[] };
  recipients: string[];
}

export interface RulesClient {
  list(page: number, perPage: number): Promise<WireRule[]>;
  /** Returns the new rule's id. */
  create(attributes: RuleAttributes): Promise<string>;
  update(id: string, attributes: RuleAttributes): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface DatadogClients extends NetworkClients {
  monitors: MonitorsClient;
  pagerduty: PagerDutyClient;
  opsgenie: OpsgenieClient;
  rules: RulesClient;
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw summarised(error);
  }
}

const wire = (monitor: v1.Monitor) => v1.ObjectSerializer.serialize(monitor, "Monitor", "") as WireMonitor;
const model = <T>(body: object, type: string) => v1.ObjectSerializer.deserialize(body, type, "") as T;

function monitorsClient(configuration: client.Configuration): MonitorsClient {
  const api = new v1.MonitorsApi(configuration);
  return {
    list: (filter) => call(async () => (await api.listMonitors(filter)).map(wire)),
    get: (monitorId) => call(async () => wire(await api.getMonitor({ monitorId }))),
    create: (body) => call(async () => wire(await api.createMonitor({ body: model(body, "Monitor") }))),
    update: (monitorId, body) =>
      call(async () => {
        await api.updateMonitor({ monitorId, body: model(body, "MonitorUpdateRequest") });
      }),
    remove: (monitorId) =>
      call(async () => {
        await api.deleteMonitor({ monitorId });
      }),
    validate: (body, monitorId) =>
      call(async () => {
        const monitor = model<v1.Monitor>(body, "Monitor");
        if (monitorId !== undefined) await api.validateExistingMonitor({ monitorId, body: monitor });
        else await api.validateMonitor({ body: monitor });
      }),
  };
}

function pagerdutyClient(configuration: client.Configuration): PagerDutyClient {
  const api = new v1.PagerDutyIntegrationApi(configuration);
  return {
    exists: async (serviceName) => {
      try {
        await call(() => api.getPagerDutyIntegrationService({ serviceName }));
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
    create: (serviceName, serviceKey) =>
      call(async () => {
        await api.createPagerDutyIntegrationService({ body: { serviceName, serviceKey } });
      }),
    update: (serviceName, serviceKey) =>
      call(() => api.updatePagerDutyIntegrationService({ serviceName, body: { serviceKey } })),
    remove: (serviceName) => call(() => api.deletePagerDutyIntegrationService({ serviceName })),
  };
}

interface V2Clients {
  rules: v2.MonitorsApi;
  opsgenie: v2.OpsgenieIntegrationApi;
  serializer: typeof v2.ObjectSerializer;
  network: { sdk: V2; allowlist: v2.IPAllowlistApi; metrics: v2.MetricsApi };
}

function opsgenieClient(load: () => Promise<V2Clients>): OpsgenieClient {
  const request = (serializer: V2Clients["serializer"], type: string, data: object) =>
    serializer.deserialize({ data: { type: "opsgenie-service", ...data } }, type, "");
  return {
    list: () =>
      call(async () => {
        const { opsgenie, serializer } = await load();
        const response = await opsgenie.listOpsgenieServices();
        const listed = serializer.serialize(response, "OpsgenieServicesResponse", "") as {
          data?: Array<{ id: string; attributes?: Partial<OpsgenieAttributes> }>;
        };
        return (listed.data ?? []).map((d) => ({
          id: d.id,
          name: d.attributes?.name ?? "",
          region: d.attributes?.region ?? "",
          custom_url: d.attributes?.custom_url ?? null,
        }));
      }),
    create: (attributes, key) =>
      call(async () => {
        const { opsgenie, serializer } = await load();
        const { custom_url, ...rest } = attributes;
        const fields = { ...rest, ...(custom_url ? { custom_url } : {}), opsgenie_api_key: key };
        const body = request(serializer, "OpsgenieServiceCreateRequest", { attributes: fields });
        return (await opsgenie.createOpsgenieService({ body })).data?.id ?? "";
      }),
    update: (id, attributes, key) =>
      call(async () => {
        const { opsgenie, serializer } = await load();
        const fields = { ...attributes, opsgenie_api_key: key };
        const body = request(serializer, "OpsgenieServiceUpdateRequest", { id, attributes: fields });
        await opsgenie.updateOpsgenieService({ integrationServiceId: id, body });
      }),
    remove: (integrationServiceId) =>
      call(async () => (await load()).opsgenie.deleteOpsgenieService({ integrationServiceId })),
  };
}

function rulesClient(load: () => Promise<V2Clients>): RulesClient {
  const request = (serializer: V2Clients["serializer"], type: string, data: object) =>
    serializer.deserialize({ data: { type: "monitor-notification-rule", ...data } }, type, "");
  return {
    list: (page, perPage) =>
      call(async () => {
        const { rules, serializer } = await load();
        const response = await rules.getMonitorNotificationRules({ page, perPage });
        const listed = serializer.serialize(response, "MonitorNotificationRuleListResponse", "") as {
          data?: Array<{ id?: string; attributes?: Partial<WireRule> }>;
        };
        return (listed.data ?? []).map((d) => ({
          id: d.id ?? "",
          name: d.attributes?.name ?? "",
          filter: d.attributes?.filter ?? {},
          recipients: d.attributes?.recipients ?? [],
        }));
      }),
    create: (attributes) =>
      call(async () => {
        const { rules, serializer } = await load();
        const body = request(serializer, "MonitorNotificationRuleCreateRequest", { attributes });
        return (await rules.createMonitorNotificationRule({ body })).data?.id ?? "";
      }),
    update: (ruleId, attributes) =>
      call(async () => {
        const { rules, serializer } = await load();
        const body = request(serializer, "MonitorNotificationRuleUpdateRequest", { id: ruleId, attributes });
        await rules.updateMonitorNotificationRule({ ruleId, body });
      }),
    remove: (ruleId) => call(async () => (await load()).rules.deleteMonitorNotificationRule({ ruleId })),
  };
}

export function createClients(configuration: client.Configuration): DatadogClients {
  let v2Clients: Promise<V2Clients> | undefined;
  const load = () => {
    v2Clients ??= loadV2().then((sdk) => ({
      rules: new sdk.MonitorsApi(configuration),
      opsgenie: new sdk.OpsgenieIntegrationApi(configuration),
      serializer: sdk.ObjectSerializer,
      network: { sdk, allowlist: new sdk.IPAllowlistApi(configuration), metrics: new sdk.MetricsApi(configuration) },
    }));
    return v2Clients;
  };
  return {
    monitors: monitorsClient(configuration),
    pagerduty: pagerdutyClient(configuration),
    opsgenie: opsgenieClient(load),
    rules: rulesClient(load),
    ...networkClients(async () => (await load()).network, call),
  };
}
