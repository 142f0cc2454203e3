import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan, PlannedChange } from "../reconciler/plan-types.js";
import { summarize } from "../reconciler/plan-types.js";
import { renderMarkdown } from "./markdown.js";
import { renderPlan } from "./terminal.js";

const base: Omit<PlannedChange, "id" | "action" | "name"> = {
  provider: "datadog",
  account: "datadog-eu",
  kind: "monitor",
  declarations: ["datadog/monitor/x"],
  regions: ["eu"],
  policy: "manage",
  diffs: [],
  basis: "",
  status: "pending",
};

function plan(changes: PlannedChange[]): Plan {
  return {
    createdAt: "2026-01-01T00:00:00.000Z",
    desiredState: { file: "desired-state.yaml", digest: "d" },
    regions: ["us", "eu"],
    coverage: [
      {
        declaration: "datadog/monitor/x",
        provider: "datadog",
        kind: "monitor",
        name: "[${region.name}] errors",
        cells: { us: "in-sync", eu: "will-change" },
      },
    ],
    changes,
    diagnostics: [],
    summary: summarize(changes, []),
    scope: {},
  };
}

describe("plan renderers", () => {
  const changes: PlannedChange[] = [
    {
      ...base,
      id: "1",
      action: "create",
      name: "[eu] errors",
      diffs: [{ path: "name", op: "add", after: "[eu] errors" }],
    },
    { ...base, id: "2", action: "delete", name: "[eu] old", deleteCount: 1, status: "held", heldReason: "not allowed" },
    {
      ...base,
      id: "3",
      provider: "github",
      action: "manual",
      name: "Login",
      instructions: { summary: "Add the callback", url: "https://github.com/settings/apps/x", steps: ["Click"] },
    },
    {
      ...base,
      id: "4",
      provider: "github",
      action: "update",
      name: "production-eu",
      diffs: [{ path: "secrets.TOKEN", op: "change", sensitive: true, before: "old-secret", after: "new-secret" }],
    },
  ];

  it("markdown: summary first, deletes and manual actions prominent, coverage matrix, one section per vendor", () => {
    const md = renderMarkdown(plan(changes));
    const order = [
      "### regionsync plan",
      "**Plan: 1 to create, 1 to update, 0 to delete, 1 manual.",
      "1 delete**",
      "Manual action required",
      "Region coverage",
      "<details><summary><b>datadog</b>",
      "<details><summary><b>github</b>",
    ];
    let at = -1;
    for (const text of order) {
      const next = md.indexOf(text);
      assert.ok(next > at, `${text} comes after the previous section`);
      at = next;
    }
    assert.match(md, /\| datadog monitor \[\$\{region.name\}\] errors \| ✅ in sync \| 🟡 will change \|/);
    assert.match(md, /Settings page: https:\/\/github.com\/settings\/apps\/x/);
  });

  it("never shows a sensitive value, in the terminal or in markdown", () => {
    for (const text of [renderMarkdown(plan(changes)), renderPlan(plan(changes))]) {
      assert.ok(!text.includes("old-secret") && !text.includes("new-secret"));
      assert.match(text, /secrets.TOKEN: "\(sensitive\)" -> "\(sensitive\)"/);
    }
  });

  it("terminal: Terraform-style symbols and the summary line; no changes says so", () => {
    const text = renderPlan(plan(changes));
    assert.match(text, /^ {2}\+ datadog monitor "\[eu\] errors" \(eu\) will be created$/m);
    assert.match(text, /^ {2}- datadog monitor "\[eu\] old" \(eu\) will be deleted \[held: not allowed\]$/m);
    assert.match(text, /^ {2}! github monitor "Login" \(eu\) manual action required$/m);
    assert.match(text, /^Plan: 1 to create, 1 to update, 0 to delete, 1 manual\. \(1 held back\)$/m);
    assert.match(renderPlan(plan([])), /^No changes\. Every declared resource is in sync in every region\.$/m);
  });
});
