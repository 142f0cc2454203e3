/** Checks before any I/O: URL rules per field, the 100-URL limit of the merged lists, and each account's credentials. */
import type { Account, Diagnostic, Instance } from "../../core/types.js";
import { desiredApps, positionOf } from "./desired.js";
import { type Auth0Settings, MAX_URLS_PER_LIST, URL_FIELDS } from "./schema.js";
import { originWarning, urlProblems } from "./urls.js";

export function validateAuth0(instances: Instance[], accounts: Account<Auth0Settings>[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = accounts.flatMap(validateAccount);
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
              message: `application '${app.name}', ${field}: ${problem}`,
              at,
              instance: instance.id,
            });
          }
          const warning = originWarning(field, url);
          if (warning) {
            diagnostics.push({
              severity: "warning",
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

function validateAccount(account: Account<Auth0Settings>): Diagnostic[] {
  const { client_id_env, client_secret_env, token_env } = account.settings;
  const hasCredentials = Boolean(client_id_env || client_secret_env);
  if (token_env && hasCredentials) {
    return [
      {
        severity: "error",
        message: `account '${account.name}' names both token_env and client credentials`,
        hint: "keep client_id_env and client_secret_env (recommended: tokens are then fetched and renewed) or token_env",
        at: account.at,
      },
    ];
  }
  if (!token_env && !(client_id_env && client_secret_env)) {
    return [
      {
        severity: "error",
        message: `account '${account.name}' needs client_id_env and client_secret_env, or token_env`,
        hint: "name the environment variables holding a machine-to-machine application's credentials",
        at: account.at,
      },
    ];
  }
  return [];
}
