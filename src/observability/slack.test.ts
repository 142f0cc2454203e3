import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startRecorder } from "../../test/support/observability.js";
import { summary } from "../../test/support/scheduler.js";
import { fileStore, memoryStore, type NoticeState, noticeState } from "./notice-state.js";
import { notifySlack, slackNotice } from "./slack.js";
import type { ChangeNote, RunSummary } from "./summary.js";

const note = (name: string, over: Partial<ChangeNote> = {}): ChangeNote => ({
  id: `auth0/auth0-eu/application/${name}#update`,
  provider: "auth0",
  account: "auth0-eu",
  kind: "application",
  name,
  action: "update",
  regions: ["eu"],
  state: "pending",
  digest: "d1",
  ...over,
});
const planned = (...changes: ChangeNote[]) => summary({ mode: "plan", applied: 0, changes });

/** Runs `runs` in order, as a scheduler would, and returns each run's notice (or undefined). */
function notices(notifyOn: "drift" | "failure", runs: RunSummary[]): (string | undefined)[] {
  let state: NoticeState | undefined;
  return runs.map((run) => {
    const notice = slackNotice(notifyOn, run, state);
    state = noticeState(run, state);
    return notice?.text;
  });
}

describe("slack notices", () => {
  it("say when drift appears, changes and clears, naming resources and regions, and nothing in between", () => {
    const storefront = note("Storefront");
    const admin = note("Admin Console", { account: "auth0-us", regions: ["us", "eu"], state: "held" });
    const [first, same, changed, cleared, quiet] = notices("drift", [
      planned(storefront),
      planned(storefront),
      planned(admin),
      planned(),
      planned(),
    ]);
    assert.match(
      first ?? "",
      /^:large_yellow_circle: regionsync found drift \(plan, finished 2026-01-01T00:15:02.500Z\)/,
    );
    assert.match(first ?? "", /^Drift \(1\):\n• auth0 auth0-eu application "Storefront" \(eu\): update$/m);
    assert.equal(same, undefined);
    assert.match(changed ?? "", /^:large_yellow_circle: regionsync: the drift changed/);
    assert.match(
      changed ?? "",
      /^New drift \(1\):\n• auth0 auth0-us application "Admin Console" \(us, eu\): update \[held\]$/m,
    );
    assert.match(
      changed ?? "",
      /^No longer drifting \(1\):\n• auth0 auth0-eu application "Storefront" \(eu\): update$/m,
    );
    assert.match(cleared ?? "", /^:large_green_circle: regionsync: drift cleared, every declared resource is in sync/);
    assert.equal(quiet, undefined);
  });

  it("say when the same change would now do something else", () => {
    const [, again] = notices("drift", [planned(note("Storefront")), planned(note("Storefront", { digest: "d2" }))]);
    assert.match(again ?? "", /the drift changed/);
  });

  it("say when failures start and end, once each; a run that made no plan keeps the drift it knew", () => {
    const failed = summary({ ok: false, errors: ["auth0 unreachable"] });
    const texts = notices("drift", [planned(note("Storefront")), failed, failed, planned(note("Storefront"))]);
    assert.match(texts[1] ?? "", /^:red_circle: regionsync run failed[^\n]*\n• auth0 unreachable$/);
    assert.equal(texts[2], undefined);
    assert.match(texts[3] ?? "", /^:large_green_circle: regionsync runs succeed again/);
    assert.doesNotMatch(texts[3] ?? "", /No longer drifting|New drift/);
    const onlyFailures = notices("failure", [planned(note("Storefront")), failed, planned()]);
    assert.deepEqual(
      onlyFailures.map((t) => t?.split(" (")[0]),
      [undefined, ":red_circle: regionsync run failed", ":large_green_circle: regionsync runs succeed again"],
    );
  });

  it("name what apply changed", () => {
    const applied = summary({ changes: [note("Storefront", { state: "applied" })] });
    const [text, next] = notices("drift", [applied, summary({ changes: [] })]);
    assert.match(text ?? "", /^:large_blue_circle: regionsync applied changes \(apply/);
    assert.match(text ?? "", /^Applied \(1\):\n• auth0 auth0-eu application "Storefront" \(eu\): update$/m);
    assert.equal(next, undefined);
  });

  it("cap what they list and escape what Slack would read as a mention or link", () => {
    const many = Array.from({ length: 12 }, (_, i) => note(`app-${i}`));
    const [listed] = notices("drift", [planned(...many)]);
    assert.match(listed ?? "", /• auth0 auth0-eu application "app-9" \(eu\): update\n… and 2 more$/);
    const errors = ["<!channel> a & b <https://x|y>", "a".repeat(400), "c", "d", "e", "f", "g"];
    const [failed] = notices("failure", [summary({ ok: false, errors })]);
    assert.match(failed ?? "", /^• &lt;!channel&gt; a &amp; b &lt;https:\/\/x\|y&gt;$/m);
    assert.match(failed ?? "", new RegExp(`• ${"a".repeat(300)}…\n`));
    assert.match(failed ?? "", /… and 2 more errors$/);
  });

  it("post to the webhook and remember, in a file, across processes; a failed post remembers nothing", async () => {
    const slack = await startRecorder();
    const broken = await startRecorder(500);
    const dir = await mkdtemp(join(tmpdir(), "regionsync-notices-"));
    try {
      const file = join(dir, "state", "slack.json");
      const config = { webhookUrl: `${slack.url}/services/T0/B0/x`, notifyOn: "drift" as const, timeoutMs: 2000 };
      const run = planned(note("Storefront"));
      assert.equal(await notifySlack(config, run, fileStore(file)), true);
      assert.equal(await notifySlack(config, run, fileStore(file)), false, "a new process reads the last notice");
      assert.equal(slack.requests.length, 1);
      assert.equal(slack.requests[0]?.url, "/services/T0/B0/x");
      assert.match(JSON.parse(slack.requests[0]?.body ?? "{}").text, /regionsync found drift/);
      assert.match(await readFile(file, "utf8"), /"Storefront/);

      const store = memoryStore();
      const failing = { ...config, webhookUrl: `${broken.url}/services/T0/B0/x` };
      await assert.rejects(notifySlack(failing, run, store), /500/);
      assert.equal(await store.load(), undefined);
    } finally {
      await Promise.all([slack.close(), broken.close(), rm(dir, { recursive: true, force: true })]);
    }
  });
});
