/**
 * Organization and repository webhooks pointing at a region's endpoints. GitHub hooks carry no name or label, so
 * ownership is recorded in a ledger variable (`REGIONSYNC_WEBHOOKS`) of the same repository or organization: declaration
 * name → hook id, URL and a salted digest of the secret. A hook not in the ledger was made by hand and is never
 * touched, even when it points at the URL a declaration wants.
 */
import { z } from "zod";
import type { Kind } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { secretEnvMissing, writes } from "./preflight.js";
import type { GitHubSession } from "./session.js";
import { declares, type Named } from "./spec.js";
import { applyWebhook } from "./webhooks-apply.js";
import { hookScope, observeWebhooks, type WebhookState } from "./webhooks-observe.js";
import { planWebhooks } from "./webhooks-plan.js";

const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const contentType = z.enum(["json", "form"]);

export const webhookSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "OWNER/REPO")
    .optional()
    .describe("A repository hook (give this or `organization`)."),
  organization: z.string().min(1).optional().describe("An organization hook (give this or `repository`)."),
  url: z.url().describe("Where GitHub delivers events."),
  events: z.array(z.string().min(1)).min(1).default(["push"]),
  content_type: contentType.default("json"),
  insecure_ssl: z.boolean().default(false),
  active: z.boolean().default(true),
  secret_env: envVarName
    .optional()
    .describe("Environment variable holding the signing secret; GitHub reads it back only as ********."),
});

export type WebhookSpec = Named<typeof webhookSchema>;

/** `repos/OWNER/REPO` or `orgs/ORG`, as `hookScope` writes it. */
const scope = z.string().regex(/^(repos\/[^/]+\/[^/]+|orgs\/[^/]+)$/);

export const webhookPayloadSchema = z.union([
  z.strictObject({
    scope,
    name: z.string().min(1),
    /** Absent for a create. */
    hookId: z.int().optional(),
    url: z.string(),
    events: z.array(z.string()),
    content_type: contentType,
    insecure_ssl: z.boolean(),
    active: z.boolean(),
    /** The environment variable holding the secret; never the value. */
    secret_env: envVarName.optional(),
  }),
  z.strictObject({ scope, name: z.string().min(1), hookId: z.int(), delete: z.literal(true) }),
]);

export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

function validate(instances: Instance<WebhookSpec>[]): Diagnostic[] {
  return instances
    .filter((i) => Boolean(i.spec.repository) === Boolean(i.spec.organization))
    .map((i) => ({
      severity: "error",
      code: code("webhook-scope"),
      message: `webhook ${i.spec.name} needs exactly one of repository and organization`,
      instance: i.id,
      at: i.at,
    }));
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
