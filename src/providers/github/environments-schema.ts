/** The environments kind's declaration and payload schemas. */
import { z } from "zod";
import { boundRefSchema, orOutput, outputRefSchema } from "../../core/outputs.js";
import { environmentNameSchema, loginSchema, repositorySchema, teamSlugSchema } from "./names.js";
import type { Named } from "./spec.js";

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_', not starting with a digit")
  .refine((n) => !/^(GITHUB_|REGIONSYNC_)/i.test(n), "GITHUB_ is GitHub's prefix and REGIONSYNC_ regionsync's");

const reviewer = z.union([
  z.strictObject({ type: z.literal("Team"), slug: teamSlugSchema }),
  z.strictObject({ type: z.literal("User"), login: loginSchema }),
]);

const protection = {
  wait_timer: z.int().min(0).max(43_200).optional().describe("Minutes to wait before a deployment proceeds."),
  prevent_self_review: z.boolean().optional(),
  reviewers: z.array(reviewer).max(6).optional().describe("Required reviewers (teams by slug, users by login)."),
  deployment_branch_policy: z
    .strictObject({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() })
    .nullable()
    .optional()
    .describe("null: any branch may deploy."),
};

export const environmentSchema = z.strictObject({
  repository: repositorySchema.describe("The repository holding the environment."),
  ...protection,
  variables: z
    .record(variableName, orOutput(z.string().max(48 * 1024)))
    .default({})
    .describe("Values, or another declaration's output such as ${auth0.applications.Storefront.client_id}."),
  secrets: z
    .record(
      variableName,
      z.union([z.strictObject({ value_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }), outputRefSchema]),
    )
    .default({})
    .describe(
      "Secrets sealed with the environment's public key; values come from environment variables ({ value_env }) or another declaration's output ({ from: auth0/applications/Storefront, output: client_secret }).",
    ),
});

export type EnvironmentSpec = Named<typeof environmentSchema>;

/** What apply needs; secret values are absent, only the names of the variables holding them. */
export const environmentPayloadSchema = z.strictObject({
  repository: repositorySchema,
  environment: environmentNameSchema,
  /** Present when the environment is new or its protection differs. */
  settings: z.strictObject(protection).optional(),
  /** Values, or outputs of other declarations that apply resolves (not known when the plan was made). */
  variables: z.record(z.string(), z.union([z.string(), boundRefSchema])).optional(),
  /** Secret name → the environment variable holding its value. */
  secrets: z.record(z.string(), z.string()).optional(),
  /** Secret name → the output of another declaration apply reads its value from: the reference, never the value. */
  secretsFrom: z.record(z.string(), boundRefSchema).optional(),
  deleteVariables: z.array(z.string()).optional(),
  deleteSecrets: z.array(z.string()).optional(),
  deleteEnvironment: z.literal(true).optional(),
  /**
   * An adoption: only the ledger is written, recording the environment and these declared entries it already holds
   * (variables by name; secrets by name → the environment variable holding the value, whose digest is recorded).
   */
  adopt: z.strictObject({ variables: z.array(z.string()), secrets: z.record(z.string(), z.string()) }).optional(),
});

export type EnvironmentPayload = z.output<typeof environmentPayloadSchema>;
