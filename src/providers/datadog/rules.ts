/**
 * Monitor notification rules (v2): route every monitor whose tags match a scope (e.g. `region:eu-west-1`) to the
 * region's on-call, without editing monitor messages. Rules carry no tags, so the ones regionsync made are known from
 * the ledger; a rule made by hand is never written, and a name collision with one is reported.
 */

import { z } from "zod";
import type { Change, ChangeResult, Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { canonicalJson, digestOf } from "./digest.js";
import { describeError, statusOf } from "./errors.js";
import { readLedger, updateLedger } from "./ledger.js";
import type { Ledger, LedgerSource } from "./ledger-record.js";
import { attributed, ledgerTarget, pagingChange, result, sourceOf } from "./paging.js";
import type { v2 } from "./sdk.js";
import type { DatadogSession } from "./session.js";

export const RULE_KIND = "notification_rule";
const PAGE_SIZE = 1000;

export const ruleSchema = z.strictObject({
  scope: z
    .string()
    .min(1)
    .max(3000)
    .optional()
    .describe("Which monitors the rule routes, e.g. `region:${region.cloud_region}`. Give `scope` or `tags`."),
  tags: z.array(z.string().max(255)).min(1).max(20).optional().describe("All of these tags must match (AND)."),
  recipients: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(20)
    .describe("Handles as in a monitor message, with or without the leading `@`."),
});

export type RuleInstance = Instance<z.infer<typeof ruleSchema> & { name: string }>;

interface RuleFields {
  name: string;
  filter: { scope: string } | { tags: string[] };
  recipients: string[];
}

export interface ObservedRule extends RuleFields {
  id: string;
}

export interface RulePayload {
  id?: string;
  rule?: RuleFields;
  source?: LedgerSource;
}

/** The handle without `@`, as the API wants it; order does not matter to Datadog. */
const normaliseRecipients = (list: readonly string[]) =>
  [...new Set(list.map((r) => r.trim().replace(/^@/, "")))].sort();

export function validateRule(instance: RuleInstance): Diagnostic[] {
  const { scope, tags } = instance.spec;
  if ((scope === undefined) === (tags === undefined)) {
    return [
      {
        severity: "error",
        message: `notification rule "${instance.spec.name}" needs exactly one of 'scope' and 'tags'`,
        hint: "route by a scope such as region:${region.cloud_region}",
        instance: instance.id,
        at: instance.at,
      },
    ];
  }
  return [];
}

function desiredRule(instance: RuleInstance): RuleFields {
  const { name, scope, tags, recipients } = instance.spec;
  return {
    name: name.trim(),
    filter: scope !== undefined ? { scope: scope.trim() } : { tags: [...new Set(tags ?? [])].sort() },
    recipients: normaliseRecipients(recipients),
  };
}

export async function observeRules(session: DatadogSession): Promise<ObservedRule[]> {
  const rules: ObservedRule[] = [];
  const { rules: api, serializer } = await session.v2();
  for (let page = 0; ; page++) {
    const response = await api.getMonitorNotificationRules({ page, perPage: PAGE_SIZE });
    const wire = serializer.serialize(response, "MonitorNotificationRuleListResponse", "") as {
      data?: Array<{ id?: string; attributes?: Partial<RuleFields> }>;
    };
    const data = wire.data ?? [];
    for (const d of data) {
      const filter = d.attributes?.filter as { scope?: string; tags?: string[] } | undefined;
      rules.push({
        id: d.id ?? "",
        name: d.attributes?.name ?? "",
        filter: filter?.scope !== undefined ? { scope: filter.scope } : { tags: [...(filter?.tags ?? [])].sort() },
        recipients: normaliseRecipients(d.attributes?.recipients ?? []),
      });
    }
    if (data.length < PAGE_SIZE) return rules;
  }
}

function diffRule(observed: ObservedRule, desired: RuleFields): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (canonicalJson(observed.filter) !== canonicalJson(desired.filter)) {
    diffs.push({ path: "filter", op: "change", before: observed.filter, after: desired.filter });
  }
  if (canonicalJson(observed.recipients) !== canonicalJson(desired.recipients)) {
    diffs.push({ path: "recipients", op: "change", before: observed.recipients, after: desired.recipients });
  }
  return diffs;
}

export function planRules(account: string, instances: RuleInstance[], observed: ObservedRule[], ledger: Ledger) {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const owned = observed.filter((r) => ledger.rules[r.id]);
  const used = new Set<string>();
  for (const instance of instances) {
    if (validateRule(instance).length > 0) continue;
    const desired = desiredRule(instance);
    const mine = owned.find((r) => r.name.trim() === desired.name && !used.has(r.id));
    if (mine) {
      used.add(mine.id);
      const diffs = diffRule(mine, desired);
      if (diffs.length > 0) {
        changes.push(
          pagingChange(
            account,
            RULE_KIND,
            desired.name,
            "update",
            { diffs, basis: digestOf(mine), payload: { id: mine.id, rule: desired } satisfies RulePayload },
            instance,
          ),
        );
      }
      continue;
    }
    const namesake = observed.find((r) => r.name.trim() === desired.name && !ledger.rules[r.id]);
    if (namesake) {
      // Rules carry no tags, so a hand-made rule cannot be adopted; a second rule of the same name would page twice.
      changes.push(
        pagingChange(
          account,
          RULE_KIND,
          desired.name,
          "manual",
          {
            diffs: [],
            basis: digestOf(namesake),
            instructions: {
              summary: `Notification rule "${desired.name}" (id ${namesake.id}) was not made by regionsync; it is left untouched`,
              steps: [
                "Give the declared rule another name in desired-state.yaml,",
                `or delete the hand-made rule ${namesake.id} in Datadog (Monitors › Settings › Notification rules) so regionsync creates its own.`,
              ],
            },
          },
          instance,
        ),
      );
      continue;
    }
    changes.push(
      pagingChange(
        account,
        RULE_KIND,
        desired.name,
        "create",
        {
          diffs: Object.entries(desired).map(([path, after]) => ({ path, op: "add" as const, after })),
          basis: digestOf({ absent: desired.name }),
          payload: { rule: desired, source: sourceOf(instance) } satisfies RulePayload,
          target: ledgerTarget(account),
        },
        instance,
      ),
    );
  }
  for (const rule of owned.filter((r) => !used.has(r.id))) {
    changes.push(
      pagingChange(account, RULE_KIND, rule.name, "delete", {
        ...attributed(ledger.rules[rule.id]!),
        id: `datadog:${account}:${RULE_KIND}:${rule.name}:delete:${rule.id}`,
        diffs: [{ path: "rule", op: "remove", before: { id: rule.id, name: rule.name } }],
        deleteCount: 1,
        basis: digestOf(rule),
        payload: { id: rule.id } satisfies RulePayload,
        target: ledgerTarget(account),
      }),
    );
  }
  return { changes, diagnostics };
}

const attributes = (rule: RuleFields) => ({ name: rule.name, filter: rule.filter, recipients: rule.recipients });

export async function applyRule(session: DatadogSession, change: Change): Promise<ChangeResult> {
  const { id, rule, source } = change.payload as RulePayload;
  try {
    const { rules: api, serializer } = await session.v2();
    if (change.action === "create") {
      // A retried apply finds the rule its first attempt created; creating it again would page twice.
      const { ledger } = await readLedger(session);
      const mine = (await observeRules(session)).find((r) => r.name.trim() === rule!.name && ledger.rules[r.id]);
      if (mine) return result(change, "applied", "already existed", mine.id);
      const body = serializer.deserialize(
        { data: { type: "monitor-notification-rule", attributes: attributes(rule!) } },
        "MonitorNotificationRuleCreateRequest",
        "",
      ) as v2.MonitorNotificationRuleCreateRequest;
      const created = await api.createMonitorNotificationRule({ body });
      const newId = created.data?.id ?? "";
      await updateLedger(session, (ledger) => {
        ledger.rules[newId] = { name: rule!.name, ...source };
      });
      return result(change, "applied", undefined, newId);
    }
    if (change.action === "update") {
      const body = serializer.deserialize(
        { data: { id, type: "monitor-notification-rule", attributes: attributes(rule!) } },
        "MonitorNotificationRuleUpdateRequest",
        "",
      ) as v2.MonitorNotificationRuleUpdateRequest;
      await api.updateMonitorNotificationRule({ ruleId: id!, body });
      return result(change, "applied", undefined, id);
    }
    await api.deleteMonitorNotificationRule({ ruleId: id! }).catch((error: unknown) => {
      if (statusOf(error) !== 404) throw error;
    });
    await updateLedger(session, (ledger) => {
      delete ledger.rules[id!];
    });
    return result(change, "applied", undefined, id);
  } catch (error) {
    return result(change, "failed", describeError(error));
  }
}
