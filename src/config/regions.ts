/** The `regions:` section, and each region's binding of providers to accounts. */
import type { Account, Region } from "../core/types.js";
import { unknownAccount } from "./accounts.js";
import { invalidName, type LoadContext, nameHint } from "./context.js";
import { canonicalEgress } from "./egress.js";
import { error, shown, subjectAt } from "./findings.js";
import { issuesToFindings, suggest } from "./issues.js";
import type { Path } from "./positions.js";
import { regionNameSchema, regionSchema } from "./schema.js";

export function parseRegions(section: Record<string, unknown>, ctx: LoadContext): Map<string, Region> {
  const { positions, findings } = ctx;
  const regions = new Map<string, Region>();
  for (const [name, value] of Object.entries(section)) {
    const path: Path = ["regions", name];
    if (!regionNameSchema.safeParse(name).success) {
      findings.add(invalidName("region", name, positions.key(["regions"], name)), subjectAt(path));
      continue;
    }
    const parsed = regionSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      findings.addAll(issuesToFindings(parsed.error.issues, regionSchema, path, positions));
      continue;
    }
    regions.set(name, {
      name,
      hosts: parsed.data.hosts,
      cloudRegion: parsed.data.cloud_region,
      paging: parsed.data.paging,
      values: parsed.data.values,
      accounts: parsed.data.accounts,
      egress: canonicalEgress(parsed.data.egress),
    });
  }
  return regions;
}

/** Each region's `accounts:` must name a known provider and an account of that provider. */
export function checkRegionBindings(
  regions: ReadonlyMap<string, Region>,
  accounts: readonly Account[],
  ctx: LoadContext,
) {
  const { providers, positions, findings } = ctx;
  const known = [...providers.keys()];
  for (const region of regions.values()) {
    const path: Path = ["regions", region.name, "accounts"];
    for (const [providerName, accountName] of Object.entries(region.accounts)) {
      const at = positions.value([...path, providerName]);
      if (!providers.has(providerName)) {
        const hint = nameHint(suggest(providerName, known), `use one of ${known.join(", ")}`);
        const message = `region '${region.name}' binds unknown provider '${shown(providerName)}'`;
        findings.add(
          error("unknown-provider", message, positions.key(path, providerName), hint),
          subjectAt([...path, providerName]),
        );
        continue;
      }
      const account = accounts.find((a) => a.name === accountName);
      if (!account) {
        findings.add(unknownAccount(accountName, accounts, providerName, at), accountName);
      } else if (account.provider !== providerName) {
        const message = `region '${region.name}' binds ${providerName} to account '${accountName}', which is a ${account.provider} account`;
        const hint = `bind an account whose provider is ${providerName}`;
        findings.add(error("account-provider-mismatch", message, at, hint), subjectAt([...path, providerName]));
      }
    }
  }
}
