/** The shape of `plan --json` (format_version 1.x), as zod: the source of schema/plan.schema.json. */
import { z } from "zod";

const position = z.object({ file: z.string(), line: z.int().min(1), column: z.int().min(1) });

const diagnostic = z.object({
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  hint: z.string().optional(),
  at: position.optional(),
  instance: z.string().optional(),
  change: z.string().optional(),
});

const diff = z.object({
  path: z.string(),
  op: z.enum(["add", "remove", "change"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  sensitive: z.boolean().optional(),
});

const cell = z.enum(["in-sync", "will-change", "manual", "drift", "held", "error", "not-declared"]);

export const jsonPlanSchema = z
  .object({
    format_version: z
      .string()
      .regex(/^1\.\d+$/)
      .describe("Major.minor; consumers reject an unknown major."),
    created_at: z.string(),
    desired_state: z.object({ file: z.string(), digest: z.string() }),
    scope: z.object({ only: z.array(z.string()).optional(), region: z.string().optional() }),
    regions: z.array(z.string()),
    coverage: z.array(
      z.object({
        declaration: z.string(),
        provider: z.string(),
        kind: z.string(),
        name: z.string(),
        cells: z.record(z.string(), cell),
      }),
    ),
    changes: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        account: z.string(),
        kind: z.string(),
        name: z.string(),
        regions: z.array(z.string()),
        declarations: z.array(z.string()),
        action: z.enum(["create", "update", "delete", "manual"]),
        policy: z.enum(["manage", "observe"]),
        status: z.enum(["pending", "observe-only", "held"]),
        held_reason: z.string().optional(),
        delete_count: z.int().optional(),
        diffs: z.array(diff),
        instructions: z
          .object({ summary: z.string(), url: z.string().optional(), steps: z.array(z.string()) })
          .optional(),
        target: z.string().optional(),
        basis: z.string(),
        payload: z.unknown().optional(),
      }),
    ),
    diagnostics: z.array(diagnostic),
    summary: z.object({
      create: z.int(),
      update: z.int(),
      delete: z.int(),
      manual: z.int(),
      drift: z.int(),
      held: z.int(),
      errors: z.int(),
    }),
    refusal: z.string().optional(),
  })
  .describe("regionsync plan, machine-readable");
