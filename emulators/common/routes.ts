/** Routes written by hand, for paths the vendor's OpenAPI description lacks, matched by their path template. */
import type { Handler } from "./types.js";

/** A route the vendor's OpenAPI description does not describe (e.g. Auth0's `/oauth/token`). */
export interface ManualRoute {
  method: string;
  /** `/api/v1/things/{id}` style template. */
  path: string;
  operationId: string;
  handler: Handler;
}

export interface CompiledRoute extends ManualRoute {
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

export function compileRoute(route: ManualRoute): CompiledRoute {
  return { ...route, ...compileTemplate(route.path) };
}
