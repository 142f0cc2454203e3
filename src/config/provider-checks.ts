/** The providers' own rules (URL rules, limits, credentials), run on the expanded instances. No I/O. */
import type { Provider } from "../core/kind.js";
import type { Account, Instance } from "../core/types.js";
import type { Findings } from "./findings.js";

/** Each kind checks its instances, then its provider checks what spans kinds and accounts. */
export function runProviderChecks(
  instances: readonly Instance[],
  accounts: readonly Account[],
  providers: ReadonlyMap<string, Provider>,
  findings: Findings,
): void {
  for (const provider of providers.values()) {
    const mine = instances.filter((i) => i.provider === provider.name);
    if (mine.length === 0) continue;
    const theirAccounts = accounts.filter((a) => a.provider === provider.name);
    for (const kind of provider.kinds) {
      const ofKind = mine.filter((i) => i.kind === kind.kind);
      if (kind.validate && ofKind.length > 0) findings.addFromProvider(kind.validate(ofKind, theirAccounts));
    }
    if (provider.validate) findings.addFromProvider(provider.validate(mine, theirAccounts));
  }
}
