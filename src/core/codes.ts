/**
 * Every diagnostic carries a stable code, so tools and people can match on it and the loader can suppress follow-on
 * problems without reading message text. The codes of the file and the engine are listed here; each provider lists
 * its own (`Provider.codes`), written `<provider>.<code>`. docs/diagnostics.md is generated from both lists.
 */
export const coreCodes = {
  "file-unreadable": "The desired-state file cannot be read.",
  "file-too-large":
    "The desired-state file is over the size limit (1 MiB, or REGIONSYNC_MAX_FILE_BYTES); it is refused unread.",
  "yaml-syntax": "The file is not valid YAML (the first syntax error; later ones usually follow from it).",
  "yaml-alias": "An alias with no anchor before it, inside the value it refers to, or aliases that expand too much.",
  "yaml-too-deep": "Collections nested more than 64 deep.",
  "yaml-tag": "A YAML tag (`!foo`, `!!binary`): desired-state.yaml is plain YAML.",
  "yaml-merge-key": "A YAML 1.1 merge key (`<<:`): write the keys out.",
  "not-a-mapping": "The document, or a section that must be a mapping or a list, has another shape.",
  "unknown-key": "A key the schema does not know (with a did-you-mean hint).",
  "missing-key": "A required key is missing.",
  "invalid-value": "A value of the wrong type, outside its allowed values, or in the wrong format.",
  "invalid-name":
    "A region or account name that is not lower-case letters, digits and '-', or a resource name with a control character.",
  "unknown-provider": "An account or a resource section names a provider regionsync does not have.",
  "unknown-region": "A declaration names a region that is not declared under regions.",
  "unserved-region": "A declared region that no resource serves (a warning: it still gets its coverage column).",
  "unknown-account": "A name that is not a declared account of the right provider.",
  "account-provider-mismatch": "A region binds a provider to an account of another provider.",
  "egress-overlap": "Two egress networks overlap, in one region or across regions.",
  "insecure-url": "An http:// URL off loopback, where credentials or codes would travel unencrypted.",
  "untrusted-endpoint":
    "An account would send its credentials somewhere that is not the vendor's own API and the operator did not allow.",
  "untrusted-variable":
    "A variable name the file may not read: outside its provider's credential prefixes, or a credential or CI variable used as a value.",
  "declared-twice": "Two declarations with the same name in one kind.",
  collision: "Two resource instances name the same vendor object after region expansion.",
  "no-account":
    "A resource has no account to live in (no account, no region binding, several candidates): the region needs a binding.",
  placeholder: "A ${...} placeholder that does not exist or cannot be filled for a region.",
  "unknown-reference":
    "A reference to another declaration's output that names no such declaration, output or region, or links one account to itself.",
  "reference-cycle": "Output references whose accounts depend on each other in a circle.",
  "output-unavailable":
    "Another declaration's output could not be read (its account failed, or the vendor refused the read); what uses it is left as it is.",
  "secret-value": "A secret value written in the file instead of the name of an environment variable.",
  "account-failed": "A vendor account could not be connected, observed or planned; nothing was written to it.",
  "preflight-failed": "The vendor-side validation of planned changes could not run.",
  "blast-radius": "The plan deletes more than settings.blast_radius allows.",
  "duplicate-change": "A provider planned two changes with the same id (a provider bug; the plan is refused).",
} as const;

export type CoreCode = keyof typeof coreCodes;
