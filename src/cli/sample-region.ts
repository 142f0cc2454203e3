/**
 * The region the sample company opens next in the sandbox (`sandbox demo --add-region ap`): one block under `regions`
 * and its own accounts, an Auth0 tenant and a Datadog org on another site. Nothing else in the file changes: every
 * resource that says `regions: all` follows.
 */
import { addEntry, type Edited } from "../config/edit.js";

interface SampleRegion {
  region: Record<string, unknown>;
  accounts: Record<string, Record<string, unknown>>;
}

export const sampleRegions: Readonly<Record<string, SampleRegion>> = {
  ap: {
    region: {
      hosts: ["ap.example.com", "api.ap.example.com"],
      cloud_region: "ap-southeast-2",
      paging: ["@pagerduty-Platform-ap", "@slack-oncall-ap"],
      values: {
        aws_account_id: "333333333333",
        deploy_role: "arn:aws:iam::333333333333:role/deploy",
        webhook_url: "https://hooks.ap.example.com/github",
      },
      accounts: { auth0: "auth0-ap", datadog: "datadog-ap" },
      egress: { ipv4: ["203.0.113.128/28"], ipv6: ["2001:db8:3000::/56"] },
    },
    accounts: {
      "auth0-ap": {
        provider: "auth0",
        domain: "example-ap.au.auth0.com",
        client_id_env: "AUTH0_AP_CLIENT_ID",
        client_secret_env: "AUTH0_AP_CLIENT_SECRET",
      },
      "datadog-ap": {
        provider: "datadog",
        site: "ap1.datadoghq.com",
        api_key_env: "DD_AP_API_KEY",
        app_key_env: "DD_AP_APP_KEY",
      },
    },
  },
};

/** The file with the sample region's block and accounts added, or why not. */
export function openSampleRegion(text: string, name: string): Edited {
  const sample = sampleRegions[name];
  if (!sample)
    return { error: `the sandbox's sample company can open ${Object.keys(sampleRegions).join(", ")}, not '${name}'` };
  let edited: Edited = { text };
  for (const [account, settings] of Object.entries(sample.accounts)) {
    if ("error" in edited) return edited;
    edited = addEntry(edited.text, ["accounts"], account, settings);
  }
  return "error" in edited ? edited : addEntry(edited.text, ["regions"], name, sample.region);
}
