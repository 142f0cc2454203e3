/**
 * Organization and repository webhooks pointing at a region's endpoints. GitHub hooks carry no name or label, so
 * ownership is recorded in a ledger variable (`REGIONSYNC_WEBHOOKS`) of the same repository or organization: declaration
 * name → hook id, URL and a salted digest of the secret. A hook not in the ledger was made by hand and is never
 * touched, even when it points at the URL a declaration wants.
 */
import type { Kind } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { isPlainHttp } from "../../core/urls.js";
import { code } from "./codes.js";
import { secretEnvMissing, writes } from "./preflight.js";
import type { GitHubSession } from "./session.js";
import { declares } from "./spec.js";
import { applyWebhook } from "./webhooks-apply.js";
import { hookScope, observeWebhooks, type WebhookState } from "./webhooks-observe.js";
import { planWebhooks } from "./webhooks-plan.js";
import { type WebhookPayload, type WebhookSpec, webhookPayloadSchema, webhookSchema } from "./webhooks-schema.js";

function validate(instances: Instance<WebhookSpec>[]): Diagnostic[] {
  return instances.flatMap((i): Diagnostic[] => [
    ...(Boolean(i.spec.repository) === Boolean(i.spec.organization)
      ? [
          {
            severity: "error" as const,
            code: code("webhook-scope"),
            message: `webhook ${i.spec.name} needs exactly one of repository and organization`,
            instance: i.id,
            at: i.at,
          },
        ]
      : []),
    // GitHub signs each delivery with the hook's secret, but over plain http its payload travels unencrypted.
    ...(isPlainHttp(i.spec.url)
      ? [
          {
            severity: "error" as const,
            code: code("insecure-url"),
            message: `webhook ${i.spec.name}: ${i.spec.url} uses plain http; deliveries would travel unencrypted`,
            hint: "write https:// (http is allowed only on loopback)",
            instance: i.id,
            at: i.fieldPositions.url ?? i.at,
          },
        ]
      : []),
  ]);
}

export const webhooksKind: Kind<WebhookSpec, GitHubSession, WebhookState, WebhookPayload> = {
  key: "webhooks",
  kind: "webhook",
  description: "An organization or repository webhook; hooks made by hand are never touched.",
  schema: declares(webhookSchema),
  payload: webhookPayloadSchema,
  sharing: "one",
  identity: (i) => `${hookScope(i.spec)}/${i.spec.name}`,
  validate,
  observe: observeWebhooks,
  plan: planWebhooks,
  async preflight(session, changes) {
    return changes.flatMap((c) => {
      const p = c.payload;
      if (!writes(c) || !("secret_env" in p) || !p.secret_env) return [];
      return session.env[p.secret_env] === undefined ? [secretEnvMissing(c, p.secret_env, "webhook secret")] : [];
    });
  },
  apply: async (session, change) => ({ ref: await applyWebhook(session, change.payload) }),
};
