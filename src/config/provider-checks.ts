/** The providers' own rules (URL rules, limits, credentials), run on the expanded instances. No I/O. */
import type { Provider } from "../core/kind.js";
import type { Account, Instance } from "../core/types.js";
import type { Findings } from "./findings.js";

/** Each provider checks its accounts and what spans its kinds, then each kind checks its own instances. */
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
    if (provider.validate) findings.addFromProvider(provider.validate(mine, theirAccounts));
    for (const kind of provider.kinds) {
      const ofKind = mine.filter((i) => i.kind === kind.kind);
      if (kind.validate && ofKind.length > 0) findings.addFromProvider(kind.validate(ofKind, theirAccounts));
    }
  }
}
