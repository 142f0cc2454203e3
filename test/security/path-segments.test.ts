/**
 * Issue 10: `..` was accepted as a repository owner, repository, organization or environment name, and the URL's dot
 * segments then redirected the request (`repository: "../.."` sent `GET /hooks`; environment `..` sent
 * `PUT /repos/acme/web/`). Each such name, in every encoding, is refused at validate time with its file:line:column,
 * and the listener the operator allowed as GitHub's endpoint receives no request. The same file with ordinary names
 * does reach it, so the listener would have seen a request.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { runCli, tempDir } from "../cli/helpers.js";

const header = (url: string) =>
  `version: 1
regions:
  us: { hosts: [app.example.com], cloud_region: us-east-1 }
accounts:
  gh: { provider: github, token_env: REGIONSYNC_GITHUB_TOKEN, endpoint: "${url}" }
resources:
  github:
`;

const environment = (repository: string, name: string) =>
  `    environments:\n      - { name: ${JSON.stringify(name)}, regions: [us], repository: ${JSON.stringify(repository)} }\n`;
const repoHook = (repository: string) =>
  `    webhooks:\n      - { name: h, regions: [us], repository: ${JSON.stringify(repository)}, url: "https://app.example.com/hook" }\n`;
const orgHook = (organization: string) =>
  `    webhooks:\n      - { name: h, regions: [us], organization: ${JSON.stringify(organization)}, url: "https://app.example.com/hook" }\n`;

/** Each hostile name, where it goes, and the field its error must name (line 9 is the declaration). */
const attacks: Array<{ what: string; resources: string; field: RegExp }> = [
  { what: "repository ../..", resources: repoHook("../.."), field: /repository/ },
  { what: "repository acme/..", resources: environment("acme/..", "production"), field: /repository/ },
  { what: "owner ..", resources: repoHook("../web"), field: /repository/ },
  { what: "repository acme/%2e%2e", resources: repoHook("acme/%2e%2e"), field: /repository/ },
  { what: "organization ..", resources: orgHook(".."), field: /organization/ },
  { what: "organization a/b", resources: orgHook("a/b"), field: /organization/ },
  {
    what: "environment ..",
    resources: environment("acme/web", ".."),
    field: /environment name '\.\.' is a dot segment/,
  },
  { what: "environment .", resources: environment("acme/web", "."), field: /environment name '\.' is a dot segment/ },
  { what: "environment %2E%2E", resources: environment("acme/web", "%2E%2E"), field: /dot segment/ },
  { what: "environment %252e%252e", resources: environment("acme/web", "%252e%252e"), field: /dot segment/ },
  { what: "environment a/b", resources: environment("acme/web", "prod/../../x"), field: /path separator/ },
  { what: "environment a%2Fb", resources: environment("acme/web", "prod%2F.."), field: /path separator/ },
  { what: "environment a\\b", resources: environment("acme/web", "prod\\x"), field: /path separator/ },
];

describe("GitHub names that would be URL path segments", () => {
  let listener: Server;
  let url: string;
  let dir: string;
  const seen: string[] = [];
  before(async () => {
    dir = await tempDir();
    listener = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => listener.close(resolve)));

  let files = 0;
  async function plan(resources: string) {
    const file = join(dir, `attack-${++files}.yaml`);
    await writeFile(file, header(url) + resources);
    seen.length = 0;
    const env = {
      REGIONSYNC_GITHUB_TOKEN: "ghp_pathsegmentcanary000000000000000000",
      REGIONSYNC_REQUEST_TIMEOUT_MS: "2000",
      [OPERATOR_ENV.allowedEndpoints]: url,
    };
    const result = await runCli(["plan", "-f", file], { env });
    return { ...result, file, requests: [...seen] };
  }

  for (const attack of attacks) {
    it(`${attack.what} is refused at validate time, and nothing is sent`, async () => {
      const result = await plan(attack.resources);
      assert.equal(result.code, 1, result.stdout);
      assert.deepEqual(result.requests, [], "no request reached the listener");
      const line = result.stderr.split("\n").find((l) => attack.field.test(l));
      assert.ok(line, `an error naming the field: ${result.stderr}`);
      assert.ok(line.startsWith(`${result.file}:9:`), `with file:line:column: ${line}`);
      assert.match(result.stderr, /nothing was sent to any vendor/);
    });
  }

  it("the same files with ordinary names do reach the listener", async () => {
    for (const resources of [environment("acme/web", "production-us"), repoHook("acme/web"), orgHook("acme")]) {
      const result = await plan(resources);
      assert.ok(result.requests.length > 0, result.stderr);
    }
  });
});
