/**
 * The operator's proxy, for every vendor request. Node 20's fetch ignores `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`,
 * and every vendor session sends through fetch (Auth0's and GitHub's SDKs, and Datadog's transport), so the sessions
 * are given a fetch that honours them: undici's own fetch with its `EnvHttpProxyAgent`. Its fetch, not the global
 * one: a dispatcher from the undici package handed to Node's built-in fetch breaks when their majors differ (Node 24
 * bundles undici 7, Node 26 undici 8). The package loads on the first proxied request only, so a run without a proxy
 * never loads it and sends exactly as before.
 */
import type { Env } from "./types.js";

/** Lower case first, as curl and undici read them. */
const variables = {
  https: ["https_proxy", "HTTPS_PROXY"],
  http: ["http_proxy", "HTTP_PROXY"],
  none: ["no_proxy", "NO_PROXY"],
} as const;

interface Undici {
  EnvHttpProxyAgent: new (options: { httpProxy?: string; httpsProxy?: string; noProxy?: string }) => object;
  fetch(input: string, init: Record<string, unknown>): Promise<Response>;
}

const first = (env: Env, names: readonly string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== "");

/** The proxy settings in `env`, or undefined when neither proxy variable is set. */
function proxySettings(env: Env): { httpProxy?: string; httpsProxy?: string; noProxy?: string } | undefined {
  const httpsProxy = first(env, variables.https);
  const httpProxy = first(env, variables.http);
  if (!httpsProxy && !httpProxy) return undefined;
  const noProxy = first(env, variables.none);
  return {
    ...(httpProxy ? { httpProxy } : {}),
    // As curl does: HTTPS_PROXY for https URLs, else HTTP_PROXY for them too.
    ...(httpsProxy || httpProxy ? { httpsProxy: httpsProxy ?? httpProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/**
 * A fetch that sends through the proxy `env` names (bypassing hosts in `NO_PROXY`), or undefined when it names none:
 * the global fetch then serves.
 */
export function proxiedFetch(env: Env): typeof fetch | undefined {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  let loaded: Promise<{ undici: Undici; dispatcher: object }> | undefined;
  const load = () => {
    // A specifier in a variable: the package's types are not needed to build, and nothing loads it before a request.
    const specifier = "undici";
    loaded ??= (import(specifier) as Promise<Undici>).then((undici) => ({
      undici,
      dispatcher: new undici.EnvHttpProxyAgent(settings),
    }));
    return loaded;
  };
  return async (input, init) => {
    const { undici, dispatcher } = await load();
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    const fromRequest = request
      ? { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: "half" }
      : {};
    const response = await undici.fetch(url, { ...fromRequest, ...init, dispatcher });
    // Callers (the SDKs) expect the global Response; the body stream is the same web stream class. The URL is kept:
    // Octokit reads the next page's link relative to it.
    const answer = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers([...response.headers]),
    });
    Object.defineProperty(answer, "url", { value: response.url });
    return answer;
  };
}
