import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { engineFor, githubDesiredState, pending, sandboxEnv } from "./helpers.js";

const onlyAllowList = (url: string, edit?: (decl: Record<string, unknown>) => void) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github = { ip_allow_list: doc.resources.github.ip_allow_list! };
    edit?.(doc.resources.github.ip_allow_list![0]!);
  });

const label = (region: string, name = "Regional egress") =>
  `managed-by:regionsync account:github region:${region} source:github/ip_allow_list/${name}`;

describe("the organization IP allow list (GraphQL)", () => {
  it("where the plan has no IP allow list, gives a manual verdict and the run goes on", async () => {
    const org = await seedSampleOrg();
    org.ipAllowList.available = false;
    const gh = await startGitHubEmulator({ org });
    const engine = engineFor(onlyAllowList(gh.url), sandboxEnv);
    try {
      const plan = await engine.plan();
      assert.equal(plan.summary.errors, 0);
      assert.deepEqual(
        plan.changes.map((c) => [c.action, c.status, c.name, c.regions]),
        [
          ["manual", "pending", "Regional egress@us", ["us"]],
          ["manual", "pending", "Regional egress@eu", ["eu"]],
        ],
      );
      assert.match(plan.changes[1]!.instructions!.summary, /must be on GitHub Enterprise Cloud/);
      assert.equal(
        plan.changes[1]!.instructions!.url,
        "https://github.com/organizations/example-corp/settings/security",
      );
      const report = await engine.apply(plan);
      assert.ok(report.ok);
      assert.deepEqual(report.results, [], "a manual change is never sent");
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("reads past the first page, adds nothing a person already allows, and relabels its own entries of a renamed declaration", async () => {
    const org = await seedSampleOrg();
    const now = "2026-01-05T09:00:00Z";
    for (let i = 0; i < 120; i++) {
      org.ipAllowList.entries.push({
        id: `IALE_hand${i}`,
        allowListValue: `10.0.${i}.0/24`,
        name: `branch office ${i}`,
        isActive: true,
        createdAt: now,
        updatedAt: now,
      });
    }
    // A person allowed one EU network already, under their own name.
    org.ipAllowList.entries.push({
      id: "IALE_eu",
      allowListValue: "203.0.113.64/28",
      name: "EU NAT (by hand)",
      isActive: false,
      createdAt: now,
      updatedAt: now,
    });
    const gh = await startGitHubEmulator({ org });
    const engine = engineFor(
      onlyAllowList(gh.url, (d) => Object.assign(d, { name: "Egress" })),
      sandboxEnv,
    );
    try {
      const plan = await engine.plan();
      assert.deepEqual(
        pending(plan).map((c) => [c.action, c.name, c.diffs.map((d) => `${d.op} ${d.path} ${String(d.after)}`)]),
        [
          [
            "update",
            "example-corp/Egress@us",
            [
              `change label[198.51.100.32/29] ${label("us", "Egress")}`,
              `change label[203.0.113.0/28] ${label("us", "Egress")}`,
              `change label[2001:db8:1000::/56] ${label("us", "Egress")}`,
            ],
          ],
          ["create", "example-corp/Egress@eu", ["add allow_list_value 2001:db8:2000::/56"]],
        ],
      );
      const report = await engine.apply(plan);
      assert.ok(report.ok, JSON.stringify(report.results));
      const entries = org.ipAllowList.entries;
      assert.equal(entries.filter((e) => e.name === label("us")).length, 0);
      assert.equal(entries.filter((e) => e.name === label("us", "Egress")).length, 3);
      assert.deepEqual(
        entries.find((e) => e.id === "IALE_eu"),
        {
          id: "IALE_eu",
          allowListValue: "203.0.113.64/28",
          name: "EU NAT (by hand)",
          isActive: false,
          createdAt: now,
          updatedAt: now,
        },
      );
      assert.equal(entries.filter((e) => e.name?.startsWith("branch office")).length, 120);
      assert.deepEqual(pending(await engine.plan()), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("the emulator checks GraphQL requests against GitHub's schema", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const api = new Octokit({ baseUrl: gh.url, auth: "t" });
    const refused = async (query: string, variables: Record<string, unknown>, message: RegExp) => {
      const error = await api.graphql(query, variables).then(
        () => undefined,
        (e: { errors?: Array<{ message: string }> }) => e,
      );
      assert.match(error?.errors?.map((e) => e.message).join("\n") ?? "no error", message);
    };
    try {
      await refused(
        '{ organization(login: "example-corp") { ipAllowList } }',
        {},
        /Field 'ipAllowList' doesn't exist on type 'Organization'/,
      );
      await refused("{ organization { id } }", {}, /missing required arguments: login/);
      await refused("query ($l: Int!) { organization(login: $l) { id } }", { l: 1 }, /Type mismatch on variable \$l/);
      await refused(
        'query ($l: String!) { organization(login: "x") { id } }',
        { l: "x" },
        /\$l is declared by anonymous query but not used/,
      );
      await refused(
        "mutation ($input: CreateIpAllowListEntryInput!) { createIpAllowListEntry(input: $input) { clientMutationId } }",
        { input: { ownerId: "O_x", allowListValue: "203.0.113.0/28", active: true } },
        /Field is not defined on CreateIpAllowListEntryInput: active[\s\S]*isActive: Expected value to not be null/,
      );
      await refused(
        '{ organization(login: "example-corp") { ipAllowListEntries(first: 101) { totalCount } } }',
        {},
        /exceeds the `first` limit of 100/,
      );
      const data = await api.graphql<{ organization: { login: string; entries: { totalCount: number } } }>(
        "query ($login: String!) { organization(login: $login) { login entries: ipAllowListEntries(first: 5) { totalCount } } }",
        { login: "example-corp" },
      );
      assert.deepEqual(data.organization, { login: "example-corp", entries: { totalCount: 4 } });
    } finally {
      await gh.close();
    }
  });
});
