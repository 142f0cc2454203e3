import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { runConformanceSuite } from "../conformance/suite.js";
import { githubDesiredState, provider, sandboxEnv } from "./helpers.js";

/** Hooks and an environment the seed made by hand: regionsync must never change them. */
const HAND_MADE_URLS = ["https://ci.example.com/github/webhook", "https://siem.example.com/ingest/github"];

runConformanceSuite("github", {
  provider,
  env: sandboxEnv,
  async start() {
    const emulator = await startGitHubEmulator({ org: await seedSampleOrg() });
    const { org } = emulator;
    const allHooks = () => [
      ...org.orgHooks.map((h) => ({ scope: "org", ...h })),
      ...[...org.repos.values()].flatMap((r) => r.hooks.map((h) => ({ scope: `${r.owner}/${r.name}`, ...h }))),
    ];
    return {
      url: emulator.url,
      writes: () => emulator.server.writes(),
      inventory: () => [
        ...allHooks().map((h) => `hook ${h.scope} ${h.config.url}`),
        ...[...org.repos.values()].flatMap((r) =>
          [...r.environments.values()].flatMap((e) => [
            `environment ${r.name}/${e.name}`,
            ...[...e.variables.keys()].map((k) => `variable ${r.name}/${e.name}/${k}`),
            ...[...e.secrets.keys()].map((k) => `secret ${r.name}/${e.name}/${k}`),
          ]),
        ),
      ],
      unowned: () => {
        const platform = org.repo("example-corp", "platform")!;
        const staging = platform.environments.get("staging")!;
        return {
          hooks: allHooks().filter((h) => HAND_MADE_URLS.includes(h.config.url)),
          staging: { ...staging, variables: [...staging.variables.values()] },
          slack: platform.environments.get("production-us")?.variables.get("SLACK_CHANNEL"),
        };
      },
      close: () => emulator.close(),
    };
  },
  // The app declarations only ever plan manual changes, which apply cannot perform; they have their own tests.
  desiredState: (url) =>
    githubDesiredState(url, (doc) => {
      delete doc.resources.github.oauth_apps;
      delete doc.resources.github.github_apps;
    }),
  desiredStateWithoutOne: (url) =>
    githubDesiredState(url, (doc) => {
      delete doc.resources.github.oauth_apps;
      delete doc.resources.github.github_apps;
      const audit = doc.resources.github.webhooks!.find((w) => String(w.name).startsWith("audit-"))!;
      audit.regions = ["us"];
    }),
});
