/** What every step of loading desired-state.yaml shares. */
import type { Provider } from "../core/kind.js";
import type { Findings } from "./findings.js";
import type { PositionIndex } from "./positions.js";

export interface LoadContext {
  providers: ReadonlyMap<string, Provider>;
  positions: PositionIndex;
  findings: Findings;
}

/** "did you mean" for a misspelt name, else the names to choose from. */
export function nameHint(close: string | undefined, choices: string): string {
  return close ? `did you mean '${close}'?` : choices;
}
