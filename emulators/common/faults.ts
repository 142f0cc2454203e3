/** The faults a test can inject into an emulator, answered in order to the requests they match. */
import type http from "node:http";
import type { EmulatorRequest } from "./types.js";

export type Fault =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "reset" }
  | { kind: "delay"; ms: number }
  /** Answers `status` with a body that repeats the request, credentials included, as some gateways and proxies do. */
  | { kind: "echo"; status: number }
  /** Carries the request out, then cuts the connection: a write the vendor did that the client never hears of. */
  | { kind: "cut" };

/** Headers that carry a credential without a scheme (Datadog's keys, API-key headers). */
const KEY_HEADERS = ["dd-api-key", "dd-application-key", "x-api-key"];

/**
 * A refusal that repeats the request: the credentials first (as "invalid token X" or "invalid API key X" would), then
 * the body and every header, on the first line of the message, where a client summarising errors would read it.
 */
export function echo(req: EmulatorRequest, search: string) {
  const authorization = String(req.headers.authorization ?? "").replace(/^\S+\s+/, "");
  const keys = KEY_HEADERS.map((name) => String(req.headers[name] ?? ""));
  const credential = [authorization, ...keys].filter(Boolean).join(", ");
  const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`);
  return {
    message: `refused credential ${credential} for ${req.method} ${req.path}${search} with body ${req.rawBody}`,
    error: "request_echoed",
    request: { method: req.method, path: `${req.path}${search}`, headers, body: req.rawBody },
  };
}

/** Waits `ms`, or until the client hangs up, so a long injected hang never outlives the request it holds. */
export const hangFor = (ms: number, res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on("close", done);
  });
