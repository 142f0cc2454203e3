/** Two instances that would be one vendor object after region expansion (unless their kind merges them). */
import type { Provider } from "../core/kind.js";
import type { Instance } from "../core/types.js";
import { error, type Findings } from "./findings.js";

export function checkCollisions(
  instances: readonly Instance[],
  providers: ReadonlyMap<string, Provider>,
  findings: Findings,
): void {
  const seen = new Map<string, Instance>();
  for (const instance of instances) {
    const kind = providers.get(instance.provider)?.kinds.find((k) => k.kind === instance.kind);
    if (!kind) continue;
    const identity = kind.identity(instance);
    const key = JSON.stringify([instance.provider, instance.account, instance.kind, identity]);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, instance);
      continue;
    }
    if (kind.sharing === "merge" && first.declaration === instance.declaration) continue;
    const message = `${instance.kind} '${identity}' in account '${instance.account}' is declared twice after region expansion (${first.id} and ${instance.id})`;
    const hint =
      first.declaration === instance.declaration
        ? "put ${region.name} in the name, or bind the regions to different accounts"
        : "rename one of the resources or bind them to different accounts";
    findings.add(error("collision", message, instance.at, hint), `${key}${instance.id}`);
  }
}
