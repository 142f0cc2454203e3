/** Routes an emulator serves by hand, for paths the vendor's OpenAPI description lacks (e.g. Auth0's `/oauth/token`). */
import type { Handler } from "./types.js";

export interface ManualRoute {
  method: string;
  /** `/api/v1/things/{id}` style template. */
  path: string;
  operationId: string;
  handler: Handler;
}

interface CompiledRoute extends ManualRoute {
  pattern: RegExp;
  names: string[];
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

/** The hand-written routes of one emulator, matched by method and path template. */
export class ManualRoutes {
  private readonly routes: CompiledRoute[];
  constructor(routes: ManualRoute[] = []) {
    this.routes = routes.map((r) => ({ ...r, ...compileTemplate(r.path) }));
  }

  match(method: string, path: string): { route?: ManualRoute; params: Record<string, string> } {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m) {
        const params: Record<string, string> = {};
        route.names.forEach((n, i) => {
          params[n] = decodeURIComponent(m[i + 1]!);
        });
        return { route, params };
      }
    }
    return { params: {} };
  }
}
