import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { planJsonSchema } from "../core/plan.js";
import { providers } from "../providers/registry.js";
import { desiredStateJsonSchema } from "./json-schema.js";

const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

describe("JSON Schemas", () => {
  it("the committed schemas are the ones generated from the validating source (run `npm run schema`)", () => {
    assert.equal(
      read("schema/desired-state.schema.json"),
      `${JSON.stringify(desiredStateJsonSchema(providers), null, 2)}\n`,
    );
    assert.equal(read("schema/plan.schema.json"), `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  });

  it("editors accept the example desired-state.yaml and reject a typo in it", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(desiredStateJsonSchema(providers));
    const example = parse(read("desired-state.yaml")) as { regions: Record<string, Record<string, unknown>> };
    assert.ok(validate(example), JSON.stringify(validate.errors?.slice(0, 3)));
    example.regions.eu!.cloud_regoin = "eu-west-1";
    assert.equal(validate(example), false);
  });
});
