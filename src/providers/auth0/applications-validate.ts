/** Checks before any I/O: URL rules per field and the 100-URL limit of the merged lists. */
import type { Diagnostic, Instance } from "../../core/types.js";
import { desiredApps, positionOf } from "./applications-desired.js";
import { type ApplicationSpec, MAX_URLS_PER_LIST, URL_FIELDS } from "./applications-schema.js";
import { originWarning, urlProblems } from "./applications-urls.js";

export function validateApplications(instances: Instance<ApplicationSpec>[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { apps, diagnostics: mergeProblems } = desiredApps(instances);
  diagnostics.push(...mergeProblems);
  for (const app of apps) {
    for (const instance of app.instances) {
      for (const field of URL_FIELDS) {
        (instance.spec[field] ?? []).forEach((url, index) => {
          const at = positionOf(instance, `${field}.${index}`);
          for (const problem of urlProblems(field, url)) {
            diagnostics.push({
              severity: "error",
              code: "auth0.url",
              message: `application '${app.name}', ${field}: ${problem}`,
              at,
              instance: instance.id,
            });
          }
          const warning = originWarning(field, url);
          if (warning) {
            diagnostics.push({
              severity: "warning",
              code: "auth0.origin",
              message: `application '${app.name}', ${field}: ${warning}`,
              at,
              instance: instance.id,
            });
          }
        });
      }
      const login = instance.spec.initiate_login_uri;
      if (login) {
        for (const problem of urlProblems("initiate_login_uri", login)) {
          diagnostics.push({
            severity: "error",
            code: "auth0.url",
            message: `application '${app.name}', initiate_login_uri: ${problem}`,
            at: positionOf(instance, "initiate_login_uri"),
            instance: instance.id,
          });
        }
      }
    }
    for (const field of URL_FIELDS) {
      const count = app.urls[field].length;
      if (count > MAX_URLS_PER_LIST) {
        diagnostics.push({
          severity: "error",
          code: "auth0.url-limit",
          message: `application '${app.name}' in account '${app.account}' would list ${count} ${field}, over Auth0's limit of ${MAX_URLS_PER_LIST}`,
          hint: "use fewer URLs, a wildcard subdomain, or separate applications",
          at: positionOf(app.instances[0]!, field),
          instance: app.instances[0]!.id,
        });
      }
    }
  }
  return diagnostics;
}
