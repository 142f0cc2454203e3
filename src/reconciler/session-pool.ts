/** Connected provider sessions, one per account, opened on first use and closed together. */
import type { ConnectContext, Provider } from "../core/kind.js";
import type { Account, Env, Logger } from "../core/types.js";

export class SessionPool {
  private readonly sessions = new Map<string, { provider: Provider; session: Promise<unknown> }>();

  constructor(
    readonly providers: ReadonlyMap<string, Provider>,
    private readonly env: Env,
    private readonly logger: Logger,
    /** What every session is given besides its account: the secrets sink and the request timeout. */
    private readonly connectOptions: Pick<ConnectContext, "secrets" | "requestTimeoutMs">,
  ) {}

  get(account: Account): Promise<unknown> {
    let entry = this.sessions.get(account.name);
    if (!entry) {
      const provider = this.provider(account.provider);
      entry = {
        provider,
        session: provider.connect({ ...this.connectOptions, account, env: this.env, logger: this.logger }),
      };
      this.sessions.set(account.name, entry);
    }
    return entry.session;
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
