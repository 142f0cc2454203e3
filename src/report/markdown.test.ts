import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Change, PLAN_FORMAT_VERSION, type Plan, summarize } from "../core/plan.js";
import { renderMarkdown } from "./markdown.js";
import { renderPlan } from "./terminal.js";

const base: Omit<Change, "id" | "action" | "name" | "object"> = {
  provider: "datadog",
  account: "datadog-eu",
  kind: "monitor",
  declarations: ["datadog/monitor/x"],
  regions: ["eu"],
  policy: "manage",
  diffs: [],
  basis: "",
  status: "pending",
  target: "datadog/datadog-eu/monitor/x",
};

function plan(changes: Change[]): Plan {
  return {
    format_version: PLAN_FORMAT_VERSION,
    created_at: "2026-01-01T00:00:00.000Z",
    desired_state: { file: "desired-state.yaml", digest: "d" },
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
    summary: summarize(changes, 0),
    scope: {},
  };
}

describe("plan renderers", () => {
  const changes: Change[] = [
    {
      ...base,
      id: "datadog/datadog-eu/monitor/1#x",
      object: "1",
      action: "create",
      name: "[eu] errors",
      diffs: [{ path: "name", op: "add", after: "[eu] errors" }],
    },
    {
      ...base,
      id: "datadog/datadog-eu/monitor/2#x",
      object: "2",
      action: "delete",
      name: "[eu] old",
      delete_count: 1,
      status: "held",
      held_reason: "not allowed",
    },
    {
      ...base,
      id: "datadog/datadog-eu/monitor/3#x",
      object: "3",
      provider: "github",
      action: "manual",
      name: "Login",
      instructions: { summary: "Add the callback", url: "https://github.com/settings/apps/x", steps: ["Click"] },
    },
    {
      ...base,
      id: "datadog/datadog-eu/monitor/4#x",
      object: "4",
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

  it("shows an adoption in every format: its symbol, a section for reviewers, the count and the coverage cell", () => {
    const adoption: Change = {
      ...base,
      id: "datadog/datadog-eu/monitor/5#adopt",
      object: "5",
      action: "adopt",
      name: "[eu] made by hand",
      diffs: [{ path: "tags", op: "add", after: "managed-by:regionsync" }],
    };
    const adopting = plan([adoption]);
    adopting.coverage[0]!.cells.eu = "will-adopt";
    const text = renderPlan(adopting);
    assert.match(
      text,
      /^ {2}= datadog monitor "\[eu\] made by hand" \(eu\) will be adopted \(ownership recorded, content unchanged\)$/m,
    );
    assert.match(text, /^Plan: 1 to adopt, 0 to create, 0 to update, 0 to delete, 0 manual\.$/m);
    assert.match(text, /will adopt/);
    const md = renderMarkdown(adopting);
    assert.match(md, /\*\*Plan: 1 to adopt, /);
    assert.match(
      md,
      /adopted by regionsync[^\n]*\n\n- \*\*datadog monitor \[eu\] made by hand\*\* \(eu\) in `datadog-eu`/,
    );
    assert.match(md, /🔗 will adopt/);
    assert.match(md, /^= monitor "\[eu\] made by hand" \(eu\) adopt$/m);
  });
});
