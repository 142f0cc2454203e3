/**
 * Instances that name the same application in the same tenant are one application (`sharing: "merge"`): one app in
 * one tenant may serve several regions, so their URLs are united here before anything is compared.
 */
import type { Diagnostic, Instance, Policy, SourcePosition } from "../../core/types.js";
import { type ApplicationSpec, URL_FIELDS, type UrlField } from "./applications-schema.js";

export interface DesiredApp {
  account: string;
  /** `client_id` when declared, else the name. */
  identity: string;
  clientId?: string;
  name: string;
  declarations: string[];
  regions: string[];
  policy: Policy;
  urls: Record<UrlField, string[]>;
  initiateLoginUri?: string;
  /** Create it where the tenant lacks it (`create: true` on a declaration naming it). */
  create: boolean;
  instances: Instance<ApplicationSpec>[];
}

export const specOf = (instance: Instance): ApplicationSpec => instance.spec as ApplicationSpec;

export const appName = (instance: Instance): string => specOf(instance).name ?? instance.declaration;

export function identityOf(instance: Instance): string {
  return specOf(instance).client_id ?? appName(instance);
}

/** Where a field (or one of its items) is declared, for diagnostics. */
export function positionOf(instance: Instance, path: string): SourcePosition | undefined {
  return instance.fieldPositions[path] ?? instance.fieldPositions[path.replace(/\.\d+$/, "")] ?? instance.at;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

export function desiredApps(instances: Instance[]): { apps: DesiredApp[]; diagnostics: Diagnostic[] } {
  const groups = new Map<string, Instance<ApplicationSpec>[]>();
  for (const instance of instances) {
    const key = `${instance.account}\u0000${identityOf(instance)}`;
    const group = groups.get(key) ?? [];
    group.push(instance as Instance<ApplicationSpec>);
    groups.set(key, group);
  }
  const apps: DesiredApp[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const name = appName(first);
    const policies = unique(group.map((i) => i.policy));
    if (policies.length > 1) {
      diagnostics.push({
        severity: "error",
        code: "auth0.conflicting-declarations",
        message: `application '${name}' in account '${first.account}' is declared with both policies (${policies.join(", ")})`,
        hint: "declarations that name one application must agree on its policy",
        at: first.at,
        instance: first.id,
      });
      continue;
    }
    const logins = unique(group.flatMap((i) => (i.spec.initiate_login_uri ? [i.spec.initiate_login_uri] : [])));
    if (logins.length > 1) {
      diagnostics.push({
        severity: "error",
        code: "auth0.conflicting-declarations",
        message: `application '${name}' in account '${first.account}' would get ${logins.length} different initiate_login_uri values (${logins.join(", ")})`,
        hint: "an application has one initiate_login_uri: declare it in one region only, or split the application per tenant",
        at: positionOf(group[1] ?? first, "initiate_login_uri"),
        instance: first.id,
      });
      continue;
    }
    const urls = Object.fromEntries(
      URL_FIELDS.map((field) => [field, unique(group.flatMap((i) => i.spec[field] ?? []))]),
    ) as Record<UrlField, string[]>;
    apps.push({
      account: first.account,
      identity: identityOf(first),
      clientId: first.spec.client_id,
      name,
      declarations: unique(group.map((i) => i.declaration)),
      regions: unique(group.flatMap((i) => (i.region ? [i.region] : []))),
      policy: policies[0]!,
      urls,
      initiateLoginUri: logins[0],
      create: group.some((i) => i.spec.create === true),
      instances: group,
    });
  }
  return { apps, diagnostics };
}
