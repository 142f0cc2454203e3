/**
 * The Auth0 benchmark's workload (issue 3), at any scale: a tenant of 1,000·k applications, 200·k of them managed and
 * live in `us` (each also carrying a URL added by hand); the file adds `eu` to each (a callback, a logout URL and a
 * web origin). Shared by the regionsync and auth0-deploy-cli benchmarks.
 */
export const DOMAIN = "bench.auth0.test";
export const LATENCY_MS = 40;
/** The limit of a self-service production tenant (16 rps) rounded down, with the bucket the issue measured under. */
export const RATE = { perSecond: 15, burst: 50 };
export const PER_PAGE = 100;

export type Seed = Array<Record<string, unknown> & { name: string }>;

const pad = (i: number) => String(i).padStart(5, "0");
export const host = (i: number, region: string) => `app${pad(i)}.${region}.example.com`;

export const sizes = (scale: number) => ({ tenant: 1000 * scale, managed: 200 * scale });

/** 1 token + the listing's pages + one PATCH per managed application: what the change needs at least. */
export function minimumRequests(scale: number): number {
  const { tenant, managed } = sizes(scale);
  return 1 + Math.ceil(tenant / PER_PAGE) + managed;
}

export function tenant(scale: number): Seed {
  const { tenant: size, managed: count } = sizes(scale);
  const managed = Array.from({ length: count }, (_, i) => ({
    name: `App ${pad(i)}`,
    callbacks: [`https://${host(i, "us")}/callback`, "http://localhost:3000/callback"],
    allowed_logout_urls: [`https://${host(i, "us")}/logout`],
    web_origins: [`https://${host(i, "us")}`],
    client_metadata: { team: `team-${i % 20}` },
  }));
  const others = Array.from({ length: size - count }, (_, i) => ({
    name: `Other ${pad(i)}`,
    app_type: i % 3 === 0 ? "spa" : "regular_web",
    callbacks: [`https://other${pad(i)}.example.com/callback`],
    web_origins: [`https://other${pad(i)}.example.com`],
  }));
  return [...managed, ...others];
}

/** The desired-state file, written as a person would (block YAML, short lists in flow style), at the emulator. */
export function desiredFile(url: string, scale: number): string {
  const regions = ["us", "eu"].map(
    (r, i) =>
      `  ${r}:\n    hosts: [${r}.example.com]\n    cloud_region: region-${i + 1}\n    paging: []\n    accounts: { auth0: auth0-bench }\n`,
  );
  const applications = Array.from({ length: sizes(scale).managed }, (_, i) => {
    const at = `https://app${pad(i)}.\${region.name}.example.com`;
    return `      - name: App ${pad(i)}\n        regions: [us, eu]\n        callbacks: ["${at}/callback"]\n        allowed_logout_urls: ["${at}/logout"]\n        web_origins: ["${at}"]\n`;
  });
  return [
    "version: 1\nregions:\n",
    ...regions,
    `accounts:\n  auth0-bench:\n    provider: auth0\n    domain: ${DOMAIN}\n    client_id_env: AUTH0_CLIENT_ID\n    client_secret_env: AUTH0_CLIENT_SECRET\n    endpoint: ${url}\n`,
    "resources:\n  auth0:\n    applications:\n",
    ...applications,
  ].join("");
}

/** The credentials, and the operator's allowance for the emulator's endpoint (the file names it). */
export const cliEnv = (url: string) => ({
  AUTH0_CLIENT_ID: "bench-client",
  AUTH0_CLIENT_SECRET: "bench-secret",
  REGIONSYNC_ALLOWED_ENDPOINTS: url,
});
