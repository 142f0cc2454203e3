import type { Env, Logger } from "../../core/types.js";
import type { GitHubClient } from "./client.js";

export interface GitHubSession {
  account: string;
  client: GitHubClient;
  /** Where settings pages live, for manual instructions. */
  webUrl: string;
  /** Secret values are read from here at observe (to compare digests) and apply (to write), never stored. */
  env: Env;
  logger: Logger;
}
