/**
 * The built-in vendor sandbox: every account in the desired state is pointed at an in-process emulator of its vendor,
 * seeded with a sample company that is live in `us` and missing `eu`, and every credential variable gets a dummy
 * value. Nothing leaves the machine, and no real credential is ever sent to an emulator.
 */
import type { DesiredState } from "../core/desired-state.js";
import { OPERATOR_ENV } from "../core/operator-env.js";
import type { Account, Env } from "../core/types.js";
import { sandboxVendors } from "./vendors.js";

export interface Sandbox {
  state: DesiredState;
  env: Env;
  /** Emulator base URL per account. */
  urls: Record<string, string>;
  /**
   * Points another desired state at the same emulators, starting one for each account they do not serve yet (a new
   * region's tenant), so what was applied so far stays.
   */
  extend(state: DesiredState): Promise<{ state: DesiredState; env: Env }>;
  close(): Promise<void>;
}

function credentialVariables(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) credentialVariables(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith("_env") && typeof v === "string") out.add(v);
      else credentialVariables(v, out);
    }
  }
  return out;
}

export async function startSandbox(state: DesiredState, opts: { basePort?: number } = {}): Promise<Sandbox> {
  const closers: Array<() => Promise<void>> = [];
  const urls: Record<string, string> = {};
  let port = opts.basePort;
  const point = async (next: DesiredState) => {
    const accounts: Account[] = [];
    for (const account of next.accounts) {
      if (!urls[account.name]) {
        const vendor = sandboxVendors[account.provider];
        if (!vendor) throw new Error(`the sandbox has no emulator for provider '${account.provider}'`);
        const { startSandbox: start } = await vendor();
        const at = port;
        if (port !== undefined) port++;
        const emulator = await start({ name: account.name }, at === undefined ? {} : { port: at }).catch(
          (error: NodeJS.ErrnoException) => {
            if (error.code !== "EADDRINUSE") throw error;
            throw new Error(
              `port ${at} is already in use (the sandbox takes ${next.accounts.length} ports from ${opts.basePort} on, one per account); choose others with --port N`,
            );
          },
        );
        closers.push(() => emulator.close());
        urls[account.name] = emulator.url;
      }
      accounts.push({ ...account, endpoint: urls[account.name] });
    }
    const env: Record<string, string> = {};
    const names = credentialVariables(
      [next.accounts.map((a) => a.settings), next.instances.map((i) => i.spec)],
      new Set<string>(),
    );
    for (const name of names) env[name] = `sandbox-${name.toLowerCase().replace(/_/g, "-")}`;
    // The sandbox is the operator here: it allows its own emulators, for files pointed at them (`sandbox serve`).
    env[OPERATOR_ENV.allowedEndpoints] = Object.values(urls).join(",");
    return { state: { ...next, accounts }, env };
  };
  const close = async () => {
    await Promise.all(closers.map((c) => c()));
  };
  try {
    const first = await point(state);
    return { ...first, urls, extend: point, close };
  } catch (error) {
    await close();
    throw error;
  }
}
