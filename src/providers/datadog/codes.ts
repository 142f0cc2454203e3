/** The Datadog provider's diagnostic codes (`Provider.codes`), written `datadog.<code>` in diagnostics. */
export const datadogCodes = {
  "monitor-region-tag": "A regional monitor has no region: tag, so region-scoped notification rules cannot route it.",
  "monitor-type-change": "A monitor's declared type differs from the owned monitor's; Datadog cannot change a type.",
  "monitor-rejected": "Datadog's validate endpoint rejects a monitor to create or update; that change is held.",
  "monitor-unvalidated": "A monitor to create or update could not be validated by Datadog; that change is held.",
  "handle-case": "A paging handle differs from a declared PagerDuty or Opsgenie service's name only in case.",
  "key-env-missing": "The environment variable that should hold a paging service's key is not set.",
  "opsgenie-custom-url": "custom_url is given without opsgenie_region: custom, or the other way round.",
  "insecure-url": "An Opsgenie custom_url uses http off loopback: the API key would travel unencrypted.",
  "rule-filter": "A notification rule gives both or neither of scope and tags.",
  "egress-missing": "An IP allowlist declaration has no regions, or one of its regions declares no egress networks.",
  "monitor-region-filter":
    "A regional monitor's query is not filtered by its region tag (`region:<value>` from its tags).",
  "monitor-never-fires":
    "A metric a regional monitor queries has not reported the monitor's region tag lately: the monitor cannot fire.",
  "metric-tags-unreadable": "The tags of a metric a regional monitor queries could not be read; it was not checked.",
} as const;

export type DatadogCode = keyof typeof datadogCodes;

export const code = (key: DatadogCode) => `datadog.${key}` as const;
