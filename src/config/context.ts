/** What every step of loading desired-state.yaml shares. */
import type { Provider } from "../core/kind.js";
import type { Diagnostic, SourcePosition } from "../core/types.js";
import { error, type Findings, hasControlCharacter, shown } from "./findings.js";
import type { PositionIndex } from "./positions.js";

export interface LoadContext {
  providers: ReadonlyMap<string, Provider>;
  positions: PositionIndex;
  findings: Findings;
}

/** A region or account name that is not lower-case letters, digits and '-'. */
export function invalidName(what: "region" | "account", name: string, at: SourcePosition): Diagnostic {
  const message = hasControlCharacter(name)
    ? `${what} name '${shown(name)}' contains a control character`
    : `${what} name '${name}' is not allowed`;
  return error("invalid-name", message, at, "use lower-case letters, digits and '-'");
}

/** "did you mean" for a misspelt name, else the names to choose from. */
export function nameHint(close: string | undefined, choices: string): string {
  return close ? `did you mean '${close}'?` : choices;
}
