/**
 * Secrets belong in the environment, never in desired-state.yaml (it is committed and shown in PR diffs). These checks
 * find values that are, or look like, secrets. Messages name the key, never the value.
 */
import { referenceOf } from "./placeholders.js";
import type { Path } from "./positions.js";

const secretKey = /(secret|token|password|passwd|api_?key|app_?key|private_?key|service_key|credential)s?$/i;

const secretValuePatterns: Array<[RegExp, string]> = [
  [/^gh[pousr]_[A-Za-z0-9]{20,}/, "a GitHub token"],
  [/^github_pat_[A-Za-z0-9_]{20,}/, "a GitHub token"],
  [/^xox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/^https:\/\/hooks\.slack\.com\/services\/\S+/, "a Slack webhook URL (it embeds its secret)"],
  [/^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, "a JSON Web Token"],
];

export interface SecretFinding {
  path: Path;
  key: string;
  message: string;
  hint: string;
}

export function findSecrets(value: unknown, path: Path = []): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const walk = (node: unknown, at: Path) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...at, i]);
      });
      return;
    }
    if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        const childPath = [...at, key];
        // A reference to another declaration's output names where a secret comes from; it is not one.
        const literal = typeof child === "number" || (typeof child === "string" && !referenceOf(child));
        if (secretKey.test(key) && !key.endsWith("_env") && literal) {
          findings.push({
            path: childPath,
            key,
            message: `'${key}' holds a secret value in the file`,
            hint: `put the value in an environment variable and name it with '${key}_env: VARIABLE_NAME'`,
          });
          continue;
        }
        walk(child, childPath);
      }
      return;
    }
    if (typeof node === "string") {
      for (const [pattern, what] of secretValuePatterns) {
        if (pattern.test(node)) {
          const key = String(at[at.length - 1] ?? "");
          findings.push({
            path: at,
            key,
            message: `the value of '${key}' looks like ${what}`,
            hint: "move it to an environment variable and reference the variable's name with a '*_env' key",
          });
          break;
        }
      }
    }
  };
  walk(value, path);
  return findings;
}
