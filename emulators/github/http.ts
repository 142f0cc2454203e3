/** GitHub's answer shapes: error bodies, Link-header pagination, timestamps. */
import type { EmulatorRequest, EmulatorResponse } from "../common/server.js";

const DOCS = "https://docs.github.com/rest";

export function error(status: number, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

export const notFound = () => error(404, "Not Found");

export function validationFailed(resource: string, field: string, code: string, message?: string): EmulatorResponse {
  return error(422, "Validation Failed", { errors: [{ resource, field, code, ...(message ? { message } : {}) }] });
}

/**
 * One page of `items` with GitHub's `link` header (`next`, `last`, `first`, `prev`). `per_page` is capped at `max`;
 * `wrap` puts the page in GitHub's `{total_count, <key>: [...]}` envelope.
 */
export function paginate<T>(
  req: EmulatorRequest,
  items: T[],
  opts: { defaultPerPage?: number; max?: number; wrap?: string } = {},
): EmulatorResponse {
  const max = opts.max ?? 100;
  const perPage = Math.min(max, Math.max(1, Number(req.query.get("per_page") ?? opts.defaultPerPage ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const host = String(req.headers.host ?? "127.0.0.1");
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.set("per_page", String(perPage));
    q.set("page", String(p));
    return `<http://${host}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
  return {
    status: 200,
    body: opts.wrap ? { total_count: items.length, [opts.wrap]: slice } : slice,
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}

export function bodyOf(req: EmulatorRequest): Record<string, unknown> {
  return req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
}
