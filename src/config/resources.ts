/** The `resources:` section: one mapping of kinds per provider, one list of declarations per kind. */
import type { Declaration } from "../core/desired-state.js";
import type { Instance } from "../core/types.js";
import { nameHint } from "./context.js";
import { type ExpandContext, expandDeclaration } from "./expand.js";
import { error, shown, subjectAt } from "./findings.js";
import { suggest } from "./issues.js";
import type { Path } from "./positions.js";

export function expandResources(
  section: Record<string, unknown>,
  ctx: ExpandContext,
): { declarations: Declaration[]; instances: Instance[] } {
  const { providers, positions, findings } = ctx;
  const declarations: Declaration[] = [];
  const instances: Instance[] = [];
  for (const [providerName, kinds] of Object.entries(section)) {
    const provider = providers.get(providerName);
    const path: Path = ["resources", providerName];
    if (!provider) {
      const known = [...providers.keys()];
      const hint = nameHint(suggest(providerName, known), `use one of ${known.join(", ")}`);
      const message = `unknown provider '${shown(providerName)}' under resources`;
      findings.add(
        error("unknown-provider", message, positions.key(["resources"], providerName), hint),
        subjectAt(path),
      );
      continue;
    }
    if (!kinds || typeof kinds !== "object" || Array.isArray(kinds)) {
      const message = `resources.${providerName} must be a mapping of resource kinds`;
      findings.add(error("not-a-mapping", message, positions.value(path)), subjectAt(path));
      continue;
    }
    for (const [key, list] of Object.entries(kinds)) {
      const kind = provider.kinds.find((k) => k.key === key);
      if (!kind) {
        const keys = provider.kinds.map((k) => k.key);
        const hint = nameHint(suggest(key, keys), `${providerName} has ${keys.join(", ")}`);
        const message = `unknown key '${shown(key)}' in resources.${providerName}`;
        findings.add(error("unknown-key", message, positions.key(path, key), hint), subjectAt([...path, key]));
        continue;
      }
      if (!Array.isArray(list)) {
        const message = `resources.${providerName}.${key} must be a list`;
        const hint = "write each resource as a list item starting with '- name: ...'";
        findings.add(error("not-a-mapping", message, positions.value([...path, key]), hint), subjectAt([...path, key]));
        continue;
      }
      list.forEach((item, index) => {
        const site = { provider, kind, path: [...path, key, index] };
        const expanded = expandDeclaration(item, site, ctx);
        if (!expanded) return;
        const { declaration } = expanded;
        if (declarations.some((d) => d.id === declaration.id)) {
          const message = `${kind.kind} '${declaration.name}' is declared twice`;
          const hint = "merge the two declarations or give them different names";
          findings.add(error("declared-twice", message, positions.value([...site.path, "name"]), hint), declaration.id);
          return;
        }
        declarations.push(declaration);
        instances.push(...expanded.instances);
      });
    }
  }
  return { declarations, instances };
}
