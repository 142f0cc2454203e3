/**
 * Connected provider sessions, one per account, opened on first use and closed together; and the outputs that flow
 * between the accounts in this run (read when planning, written by apply).
 */
import type { ConnectContext, Provider } from "../core/kind.js";
import type { RequestTally } from "../core/request-counter.js";
import type { Account, Env, Logger } from "../core/types.js";
import { OutputStore } from "./outputs.js";

export class SessionPool {
  private readonly sessions = new Map<string, { provider: Provider; session: Promise<unknown> }>();
  readonly outputs = new OutputStore();

  constructor(
    readonly providers: ReadonlyMap<string, Provider>,
    private readonly env: Env,
    private readonly logger: Logger,
    /**
     * What every session is given besides its account: the secrets sink, the request timeout, the fetch, and the tally
     * that gives each account its request counter.
     */
    private readonly connectOptions: Pick<ConnectContext, "secrets" | "requestTimeoutMs" | "fetch"> & {
      tally?: RequestTally;
    },
  ) {}

  get(account: Account): Promise<unknown> {
    let entry = this.sessions.get(account.name);
    if (!entry) {
      const provider = this.provider(account.provider);
      const { tally, ...options } = this.connectOptions;
      const requests = tally?.counterFor(account.provider, account.name);
      entry = {
        provider,
        session: provider.connect({
          ...options,
          ...(requests ? { requests } : {}),
          account,
          env: this.env,
          logger: this.logger,
        }),
      };
      this.sessions.set(account.name, entry);
    }
    return entry.session;
  }

  /** Registers a secret the run read or wrote (an output flowing between vendors), so no output can print it. */
  secret(value: string): void {
    this.connectOptions.secrets?.add(value);
  }

  provider(name: string): Provider {
    const provider = this.providers.get(name);
    if (!provider) throw new Error(`no provider '${name}'`);
    return provider;
  }

  async close(): Promise<void> {
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      entries.map(async ({ provider, session }) => {
        const opened = await session.catch(() => undefined);
        if (opened !== undefined && provider.close) await provider.close(opened);
      }),
    );
  }
}
