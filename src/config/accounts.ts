/** The `accounts:` section: each account's provider and its provider-specific settings. */
import type { Account, Diagnostic, SourcePosition } from "../core/types.js";
import { invalidName, type LoadContext, nameHint } from "./context.js";
import { error, shown, subjectAt } from "./findings.js";
import { issuesToFindings, suggest } from "./issues.js";
import type { Path } from "./positions.js";
import { accountNameSchema, accountSchemaFor } from "./schema.js";

export function parseAccounts(section: Record<string, unknown>, ctx: LoadContext): Account[] {
  const { providers, positions, findings } = ctx;
  const accounts: Account[] = [];
  const known = [...providers.keys()];
  for (const [name, value] of Object.entries(section)) {
    const path: Path = ["accounts", name];
    if (!accountNameSchema.safeParse(name).success) {
      findings.add(invalidName("account", name, positions.key(["accounts"], name)), subjectAt(path));
      continue;
    }
    const providerName = (value as { provider?: unknown } | null)?.provider;
    if (typeof providerName !== "string") {
      const hint = `add 'provider: ' with one of ${known.join(", ")}`;
      const at = positions.value(path);
      findings.add(
        error("missing-key", `account '${name}' has no 'provider'`, at, hint),
        subjectAt([...path, "provider"]),
      );
      continue;
    }
    const provider = providers.get(providerName);
    if (!provider) {
      const hint = nameHint(suggest(providerName, known), `use one of ${known.join(", ")}`);
      const at = positions.value([...path, "provider"]);
      const message = `account '${name}': unknown provider '${shown(providerName)}'`;
      findings.add(error("unknown-provider", message, at, hint), subjectAt([...path, "provider"]));
      continue;
    }
    const schema = accountSchemaFor(provider);
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      findings.addAll(issuesToFindings(parsed.error.issues, schema, path, positions));
      continue;
    }
    const { provider: _p, endpoint, ...settings } = parsed.data as Record<string, unknown>;
    accounts.push({
      name,
      provider: providerName,
      endpoint: endpoint as string | undefined,
      settings,
      at: positions.key(["accounts"], name),
    });
  }
  for (const name of Object.keys(section)) {
    // A reference to an account that is declared but invalid follows from the problem reported above.
    if (!accounts.some((a) => a.name === name)) findings.suppress("unknown-account", name);
  }
  return accounts;
}

/** A reference to an account that is not declared with the right provider. Its subject is the account's name. */
export function unknownAccount(
  name: string,
  accounts: readonly Account[],
  provider: string,
  at: SourcePosition,
): Diagnostic {
  const candidates = accounts.filter((a) => a.provider === provider).map((a) => a.name);
  const hint = nameHint(
    suggest(name, candidates),
    candidates.length
      ? `use one of ${candidates.join(", ")}`
      : `declare an account with 'provider: ${provider}' under 'accounts'`,
  );
  return error("unknown-account", `unknown account '${name}'`, at, hint);
}
