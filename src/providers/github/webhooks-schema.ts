/** The webhooks kind's declaration and payload schemas. */
import { z } from "zod";
import { loginSchema, repositorySchema } from "./names.js";
import type { Named } from "./spec.js";

const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const contentType = z.enum(["json", "form"]);

export const webhookSchema = z.strictObject({
  repository: repositorySchema.optional().describe("A repository hook (give this or `organization`)."),
  organization: loginSchema.optional().describe("An organization hook (give this or `repository`)."),
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
  /** An adoption: the ledger records the hook made by hand (and the digest of the secret `secret_env` holds). */
  z.strictObject({
    scope,
    name: z.string().min(1),
    hookId: z.int(),
    adopt: z.literal(true),
    secret_env: envVarName.optional(),
  }),
]);

export type WebhookPayload = z.output<typeof webhookPayloadSchema>;
