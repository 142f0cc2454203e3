/**
 * GitHub names that regionsync puts into API URLs as path segments: an owner or organization login, a repository, an
 * environment. Octokit escapes `/` in a parameter but not `.`, so a repository `..` or an environment `..` would be a
 * dot segment that moves the request elsewhere (`repository: "../.."` sent `GET /hooks`). Such names are refused when
 * the file is validated, before any request, in every encoding.
 */
import { z } from "zod";

/** A user or organization login: letters, digits, `-`, and `_` (enterprise managed users' logins have one). */
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;

/** `name` with its percent-encoding undone, as a server or proxy on the way may undo it (more than once). */
function decoded(name: string): string {
  let text = name;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(text);
    } catch {
      return text;
    }
    if (next === text) return text;
    text = next;
  }
  return text;
}

/** Why `name` cannot be one path segment of an API URL, or undefined when it can. */
export function segmentProblem(name: string): string | undefined {
  const plain = decoded(name);
  if (/[/\\]/.test(plain)) return `'${name}' holds a path separator ('/' or '\\', in some encoding)`;
  if (/^\.{1,2}$/.test(plain.trim())) return `'${name}' is a dot segment ('.' or '..', in some encoding)`;
  return undefined;
}

export const loginSchema = z
  .string()
  .regex(LOGIN, "a GitHub login: letters, digits, '-' and '_', at most 39, not starting with '-' or '_'");

/** A team's slug, as GitHub derives it from the team's name. */
export const teamSlugSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, "a team slug: letters, digits, '-' and '_'");

/** `OWNER/REPO`; the pattern also reaches editors through the JSON Schema. */
export const repositorySchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}\/[A-Za-z0-9_.-]{1,100}$/,
    "OWNER/REPO: a GitHub login, then letters, digits, '.', '-' and '_'",
  )
  .refine((value) => !segmentProblem(value.split("/")[1] ?? ""), "the repository name is not '.' or '..'");

/** An environment's name as the API takes it; the declaration's `name` is checked by the kind's `validate`. */
export const environmentNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => segmentProblem(name) === undefined, "not a dot segment, and no path separator");
