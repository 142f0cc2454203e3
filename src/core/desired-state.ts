/** desired-state.yaml after validation: what every later step (plan, apply, sandbox, reports) works from. */
import type { Account, Instance, Policy, Region } from "./types.js";

/** One declared resource: a row of the coverage matrix. */
export interface Declaration {
  /** `provider/kind/name` (the template name, before region expansion). */
  id: string;
  provider: string;
  kind: string;
  name: string;
  /** The regions it serves, `regions: all` expanded. */
  regions: string[];
  /** Its name in each region it serves (`*` without regions), placeholders filled in. */
  names: Record<string, string>;
  policy: Policy;
}

/** The `settings:` section, defaults filled in. */
export interface Settings {
  allow_delete: boolean;
  blast_radius: { max_deletes: number; max_delete_percent: number };
  /** Set in the file: overrides each provider's own `concurrency`. */
  concurrency?: number;
}

export interface DesiredState {
  file: string;
  /** sha256 of the file's text: saved plans record it. */
  digest: string;
  settings: Settings;
  regions: Region[];
  accounts: Account[];
  declarations: Declaration[];
  instances: Instance[];
}

/** The file regionsync reads when no `--file` is given. */
export const DEFAULT_DESIRED_STATE_FILE = "desired-state.yaml";
