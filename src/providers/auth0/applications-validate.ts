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
      diagnostics.push(...createProblems(instance));
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

/** `copy_from` and `app_type` say how to create an application: they need `create: true`, which needs a name. */
function createProblems(instance: Instance<ApplicationSpec>): Diagnostic[] {
  const { create, copy_from, app_type, client_id } = instance.spec;
  const problem = (field: string, message: string, hint: string): Diagnostic => ({
    severity: "error",
    code: "auth0.create-options",
    message: `application '${instance.spec.name}': ${message}`,
    hint,
    at: positionOf(instance, field),
    instance: instance.id,
  });
  const out: Diagnostic[] = [];
  if (!create && copy_from !== undefined)
    out.push(
      problem("copy_from", "copy_from applies only with create: true", "add 'create: true' or remove copy_from"),
    );
  if (!create && app_type !== undefined)
    out.push(problem("app_type", "app_type applies only with create: true", "add 'create: true' or remove app_type"));
  if (create && client_id !== undefined)
    out.push(
      problem(
        "client_id",
        "an application to create has no client_id yet",
        "remove client_id: the application is matched by its name",
      ),
    );
  if (copy_from !== undefined && app_type !== undefined)
    out.push(problem("app_type", "copy_from copies app_type", "remove app_type, or copy_from"));
  return out;
}
