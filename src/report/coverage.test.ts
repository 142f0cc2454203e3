import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CoverageRow, Plan } from "../core/plan.js";
import { renderCoverage, rowName } from "./coverage.js";
import { plain } from "./style.js";

const row = (name: string, names: Record<string, string>, cells: CoverageRow["cells"] = {}): CoverageRow => ({
  declaration: `datadog/monitor/${name}`,
  provider: "datadog",
  kind: "monitor",
  name,
  names,
  cells,
});

describe("the coverage matrix on a terminal", () => {
  it("names a row as its regions name it: the one shared name, or the part that differs in braces", () => {
    const regions = ["us", "eu", "ap"];
    assert.equal(rowName(row("Storefront", { us: "Storefront", eu: "Storefront" }), regions), "Storefront");
    assert.equal(
      rowName(
        row("[${region.name}] API p99 latency", { us: "[us] API p99 latency", eu: "[eu] API p99 latency" }),
        regions,
      ),
      "[{us,eu}] API p99 latency",
    );
    assert.equal(
      rowName(row("x", { us: "Status [us-east-1]", eu: "Status [eu-west-1]" }), regions),
      "Status [{us-east,eu-west}-1]",
    );
    assert.equal(rowName(row("[${region.name}] p99", { eu: "[eu] p99" }), ["eu"]), "[eu] p99", "--region eu");
  });

  it("fits the terminal: long names end in an ellipsis, and very narrow terminals get symbols and a legend", () => {
    const long = "[${region.name}] A monitor with a name long enough to need more than the terminal has room for";
    const names = { us: long.replace("${region.name}", "us"), eu: long.replace("${region.name}", "eu") };
    const plan = {
      regions: ["us", "eu"],
      coverage: [row(long, names, { us: "in-sync", eu: "will-change" })],
    } as unknown as Plan;
    const full = renderCoverage(plan, plain);
    assert.ok(
      full[2]!.includes("[{us,eu}] A monitor with a name long enough to need more than the terminal has room for"),
    );
    const wide = renderCoverage(plan, { ...plain, width: 80 });
    assert.ok(
      wide.every((line) => [...line].length <= 80),
      wide.join("\n"),
    );
    assert.match(wide[2]!, /… {2}in sync {6}will change$/);
    const narrow = renderCoverage(plan, { ...plain, width: 40 });
    assert.ok(
      narrow.every((line) => [...line].length <= 40),
      narrow.join("\n"),
    );
    assert.match(narrow[2]!, /… {2}✓ {2}~$/);
    assert.match(narrow.join("\n"), /✓ in sync ~ will change/);
  });
});
