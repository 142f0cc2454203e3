/**
 * Loads desired-state.yaml: parse, validate every section (collecting every problem in one pass), expand region
 * templates into instances and bind them to accounts. Never throws on bad input and does no I/O beyond reading the
 * file: validation is separate from planning and applying.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { DesiredState } from "../core/desired-state.js";
import type { Provider } from "../core/kind.js";
import type { Diagnostic, Env, Instance, Region } from "../core/types.js";
import { parseAccounts } from "./accounts.js";
import { checkCollisions } from "./collisions.js";
import type { LoadContext } from "./context.js";
import { checkEgressOverlaps } from "./egress.js";
import { readDesiredStateFile } from "./file.js";
import { error, Findings, subjectAt } from "./findings.js";
import { describePath, issuesToFindings } from "./issues.js";
import { parseYaml } from "./parse.js";
import { runProviderChecks } from "./provider-checks.js";
import { bindReferences } from "./references.js";
import { checkRegionBindings, parseRegions } from "./regions.js";
import { expandResources } from "./resources.js";
import { settingsSchema } from "./schema.js";
import { findSecrets } from "./secrets.js";
import { checkAccountTrust, checkPlainHttp, checkValueVariables, operatorPolicy } from "./trust.js";

export interface LoadResult {
  /** Present when there is no error. */
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

const topSchema = z.strictObject({
  version: z.literal(1),
  settings: settingsSchema.optional(),
  regions: z.record(z.string(), z.unknown()),
  accounts: z.record(z.string(), z.unknown()),
  resources: z.record(z.string(), z.unknown()).optional(),
});

/** Reads and loads `file`; `env` may set REGIONSYNC_MAX_FILE_BYTES (default 1 MiB) and the trust boundary. */
export async function loadDesiredStateFile(
  file: string,
  providers: ReadonlyMap<string, Provider>,
  env: Env = {},
): Promise<LoadResult> {
  const read = await readDesiredStateFile(file, env);
  if (!("text" in read)) return { diagnostics: [read] };
  return loadDesiredStateText(read.text, file, providers, env);
}

/**
 * Loads desired-state.yaml's text. `env` is the operator's environment: its REGIONSYNC_ALLOWED_ENDPOINTS and
 * REGIONSYNC_CREDENTIAL_VARIABLES widen the trust boundary (trust.ts); nothing in the file can.
 */
export function loadDesiredStateText(
  text: string,
  file: string,
  providers: ReadonlyMap<string, Provider>,
  env: Env = {},
): LoadResult {
  const parsed = parseYaml(text, file);
  if ("diagnostics" in parsed) return { diagnostics: parsed.diagnostics };
  const { data, positions } = parsed;
  const findings = new Findings();
  for (const warning of parsed.warnings) findings.add(warning, "");
  const ctx: LoadContext = { providers, positions, findings };

  reportSecrets(data, ctx);
  const trust = { ...ctx, policy: operatorPolicy(env) };
  checkPlainHttp(data, ctx);
  checkValueVariables(data.resources, trust);
  const top = topSchema.safeParse(data, { reportInput: true });
  if (!top.success) {
    findings.addAll(issuesToFindings(top.error.issues, topSchema, [], positions));
    // Without a usable top-level section, checking the others would only report echoes.
    if (top.error.issues.some((i) => i.path.length <= 1 && i.code !== "unrecognized_keys")) {
      return { diagnostics: findings.diagnostics };
    }
  }
  const settings = settingsSchema.safeParse(data.settings).data ?? settingsSchema.parse(undefined);
  const regionSection = data.regions as Record<string, unknown>;
  const regions = parseRegions(regionSection, ctx);
  checkEgressOverlaps(regions, ctx);
  const invalidRegions = new Set(Object.keys(regionSection).filter((name) => !regions.has(name)));
  const accounts = parseAccounts(data.accounts as Record<string, unknown>, ctx);
  checkAccountTrust(accounts, trust);
  checkRegionBindings(regions, accounts, ctx);
  const resources = (data.resources ?? {}) as Record<string, unknown>;
  const { declarations, instances } = expandResources(resources, { ...ctx, regions, invalidRegions, accounts });
  reportUnserved(regions, instances, ctx);
  bindReferences({ instances, declarations, providers, regions: new Set(regions.keys()), findings });
  checkCollisions(instances, providers, findings);
  runProviderChecks(instances, accounts, providers, findings);

  if (findings.hasErrors) return { diagnostics: findings.diagnostics };
  const digest = createHash("sha256").update(text).digest("hex");
  const state = { file, digest, settings, regions: [...regions.values()], accounts, declarations, instances };
  return { state, diagnostics: findings.diagnostics };
}

/** A secret in the file is reported as such; the unknown key that holds it is not reported again. */
function reportSecrets(data: Record<string, unknown>, { positions, findings }: LoadContext) {
  for (const finding of findSecrets({ accounts: data.accounts, resources: data.resources })) {
    const at = positions.key(finding.path.slice(0, -1), finding.key);
    const message = `${describePath(finding.path)}: ${finding.message}`;
    findings.add(error("secret-value", message, at, finding.hint), subjectAt(finding.path));
    findings.suppress("unknown-key", subjectAt(finding.path));
  }
}

/**
 * A region nothing serves is probably a declaration not yet written: said once, where the region is declared. Only
 * when the rest expanded cleanly (an invalid declaration serves nothing, and says so itself) and something is declared.
 */
function reportUnserved(regions: ReadonlyMap<string, Region>, instances: readonly Instance[], ctx: LoadContext) {
  if (ctx.findings.hasErrors || instances.length === 0) return;
  const served = new Set(instances.map((i) => i.region));
  for (const name of regions.keys()) {
    if (served.has(name)) continue;
    ctx.findings.add(
      {
        severity: "warning",
        code: "unserved-region",
        message: `region '${name}' is declared, but no resource serves it`,
        hint: "add it to resources' regions lists, or write 'regions: all' on the resources that follow every region",
        at: ctx.positions.key(["regions"], name),
      },
      `unserved|${name}`,
    );
  }
}
