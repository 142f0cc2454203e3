/** The GitHub provider's diagnostic codes, written `github.<key>`; `Provider.codes` lists them for the docs. */
export const githubCodes = {
  "account-credentials": "An account names a token and GitHub App credentials together, or App credentials in part.",
  "insecure-redirect": "An app's redirect_url uses http off loopback: the authorization code would travel unencrypted.",
  "too-many-callbacks": "A GitHub App declaration lists more registered callback URLs than GitHub allows (10).",
  "webhook-scope": "A webhook names neither or both of repository and organization.",
  "insecure-url":
    "A webhook's url or an ip_ranges published_url uses http off loopback: what travels could be read or altered.",
  "app-unreadable": "A GitHub App could not be read; its callbacks are checked against the file only.",
  "app-not-visible": "The credentials cannot see a GitHub App (private or renamed) whose callbacks are on record.",
  "repository-unreadable": "A repository does not exist or the credentials cannot see it; nothing is planned there.",
  "hooks-unreadable": "The webhooks of a repository or organization cannot be read; nothing is planned there.",
  "secret-not-comparable": "A secret's desired value is not in the environment, so it cannot be compared.",
  "secret-env-missing": "A planned write needs a secret from an environment variable that is not set.",
  "unsafe-name":
    "An environment's name is '.' or '..' or holds a path separator, in some encoding: it is a URL path segment.",
  "secret-in-variable":
    "An environment variable takes a sensitive output of another declaration: it belongs under secrets.",
  "reviewer-missing": "An environment reviewer (team or user) does not exist or is not visible.",
  "egress-missing":
    "An ip_ranges or ip_allow_list declaration has no regions, or one of its regions declares no egress.",
  "ip-ranges-invalid": "A published ip-ranges.json is not in AWS's syntax; regionsync leaves it alone.",
  "ip-ranges-conflict":
    "The regions of one ip_ranges declaration disagree on a field of the file (service, publish, URL).",
  "published-unreadable":
    "The copy of ip-ranges.json at published_url could not be fetched or read; it was not compared.",
  "organization-unreadable":
    "An organization does not exist or the credentials cannot see it; its allow list is not planned.",
} as const;

export type GitHubCode = keyof typeof githubCodes;

export const code = (key: GitHubCode) => `github.${key}` as const;
