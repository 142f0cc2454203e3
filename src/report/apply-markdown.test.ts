import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Change, changeId, objectTarget, PLAN_FORMAT_VERSION, type Plan, summarize } from "../core/plan.js";
import { renderApplyMarkdown, renderApplyRefusedMarkdown } from "./apply-markdown.js";

function change(object: string, action: Change["action"], status: Change["status"] = "pending"): Change {
  const c = { provider: "github", account: "gh", kind: "webhook", object, action };
  return {
    ...c,
    id: changeId(c),
    target: objectTarget(c),
    name: `hook | ${object}`,
    declarations: [],
    regions: ["eu"],
    policy: "manage",
    status,
    diffs: [],
    basis: "b",
  };
}

const changes = [change("a", "create"), change("b", "update"), change("c", "delete", "held"), change("d", "manual")];
const plan: Plan = {
  format_version: PLAN_FORMAT_VERSION,
  created_at: "2026-01-01T00:00:00.000Z",
  desired_state: { file: "desired-state.yaml", digest: "d" },
  scope: {},
  regions: ["eu"],
  coverage: [],
  changes,
  diagnostics: [],
  summary: summarize(changes, 0),
};
const source = { planFile: "pr-7.plan.json", file: "desired-state.yaml" };

describe("apply --markdown", () => {
  it("one table row per result, cells escaped; what regionsync does not apply is listed apart", () => {
    const md = renderApplyMarkdown(
      plan,
      [
        { changeId: changes[0]!.id, status: "applied", ref: "hook 12" },
        { changeId: changes[1]!.id, status: "failed", message: "HTTP 422 | invalid\nurl" },
      ],
      source,
    );
    assert.match(md, /^### regionsync apply: 1 applied, 1 failed, 0 skipped\n/);
    assert.match(
      md,
      /From the reviewed plan `pr-7\.plan\.json` \(made from `desired-state\.yaml`\)\. Plan: 1 to create/,
    );
    assert.match(md, /\| ✅ \| create github webhook \*\*hook \\\| a\*\* in `gh` \| eu \| applied \(`hook 12`\) \|/);
    assert.match(
      md,
      /\| ❌ \| update github webhook \*\*hook \\\| b\*\* in `gh` \| eu \| failed: HTTP 422 \\\| invalid url \|/,
    );
    assert.match(md, /<summary>2 not applied by regionsync \(manual, held or observe-only\)<\/summary>/);
    assert.match(
      md,
      /- delete github webhook \*\*hook \\\| c\*\*: held\n- manual github webhook \*\*hook \\\| d\*\*: pending/,
    );
  });

  it("a plan with nothing to apply, a refused plan, and a stale saved plan each say so first", () => {
    assert.match(
      renderApplyMarkdown({ ...plan, changes: [] }, [], source),
      /^### regionsync apply: nothing to apply\n/,
    );
    assert.match(
      renderApplyMarkdown({ ...plan, refusal: "3 deletes exceed blast_radius.max_deletes 2" }, [], source),
      /^### regionsync apply: refused by the blast-radius guard, nothing was applied\n[\s\S]*> \[!CAUTION\]\n> 3 deletes/,
    );
    const stale = renderApplyRefusedMarkdown(['github webhook "x": the vendor object changed'], source);
    assert.match(stale, /^### regionsync apply: refused, nothing was applied\n\nThe reviewed plan `pr-7\.plan\.json`/);
    assert.match(stale, /\n- github webhook "x": the vendor object changed\n/);
    assert.match(renderApplyRefusedMarkdown([], { file: "f.yaml" }), /A fresh plan of `f\.yaml` no longer matches/);
  });
});
