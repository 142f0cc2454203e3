/** Mistakes answered with a suggestion, help and completion from the option table, colour as asked, a busy port. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { StatusLine } from "../../src/cli/status-line.js";
import { freePort, rootFile, runCli, tempDir } from "./helpers.js";

const bin = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));
const inCi = process.env.CI === "true";

describe("mistakes", () => {
  it("a mistyped command, option, value or topic gets one line and a suggestion, never parseArgs' text", async () => {
    const cases: [string[], RegExp][] = [
      [["plna"], /^error: unknown command 'plna'; did you mean 'plan'\?/],
      [
        ["plan", "--detailed-exitcod"],
        /^error: unknown option '--detailed-exitcod'; did you mean '--detailed-exitcode'\?\nRun 'regionsync help plan' for usage\.\n$/,
      ],
      [["plan", "-f"], /^error: --file needs a value \(FILE\)$/m],
      [["validate", "--json=yes"], /^error: --json takes no value$/m],
      [["run", "--mode", "aply"], /^error: --mode must be one of plan, apply, not 'aply'; did you mean 'apply'\?$/m],
      [["validate", "--yes"], /^error: --yes does not apply to 'validate' \(only to apply, run, region\)$/m],
      [["help", "aply"], /^error: no help for 'aply'; did you mean 'apply'\?/],
      [["completion", "fihs"], /^error: no completion for 'fihs'; did you mean 'fish'\?/],
      [["sandbox", "srve"], /^error: unknown sandbox command 'srve'; did you mean 'serve'\?/],
    ];
    for (const [argv, expected] of cases) {
      const result = await runCli(argv);
      assert.equal(result.code, 1, argv.join(" "));
      assert.match(result.stderr, expected, argv.join(" "));
      assert.doesNotMatch(result.stderr, /To specify a positional argument|Unknown option '|argument missing/);
    }
  });

  it("help [COMMAND] prints the command's usage, options and examples", async () => {
    const help = await runCli(["help", "run"]);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, (await runCli(["run", "--help"])).stdout);
    assert.match(help.stdout, /--metrics-port N +with --schedule, serve Prometheus metrics/);
    assert.match((await runCli(["help"])).stdout, /^ {2}completion {2}print shell completion/m);
  });
});

describe("shell completion", () => {
  const script = async (shell: string) => {
    const result = await runCli(["completion", shell]);
    assert.equal(result.code, 0, result.stderr);
    const file = join(await tempDir(), `regionsync.${shell}`);
    await writeFile(file, result.stdout);
    return file;
  };
  const shell = (name: string, args: string[]) => {
    const run = spawnSync(name, args, { encoding: "utf8" });
    if (run.error && !inCi) return undefined;
    assert.equal(run.status, 0, `${name}: ${run.stderr}`);
    return run.stdout;
  };

  it("bash completes commands, each command's options, option values and sandbox's words", async () => {
    const file = await script("bash");
    const complete = (line: string) => {
      const words = line.split(" ");
      const call = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _regionsync; echo "\${COMPREPLY[*]}"`;
      return shell("bash", ["-c", call])?.trim();
    };
    assert.equal(complete("regionsync pl"), "plan");
    assert.equal(complete("regionsync run --metrics-p"), "--metrics-port");
    assert.equal(complete("regionsync run --mode "), "plan apply");
    assert.equal(complete("regionsync plan --only da"), "datadog");
    assert.equal(complete("regionsync sandbox s"), "serve");
    assert.equal(complete("regionsync region r"), "remove");
    assert.equal(complete("regionsync -f x.yaml validate --js"), "--json");
    assert.equal(complete("regionsync validate --yes"), "", "validate takes no --yes");
  });

  it("zsh and fish read their scripts; fish completes from them", async (t) => {
    const zsh = shell("zsh", ["-n", await script("zsh")]);
    const fishFile = await script("fish");
    const fish = shell("fish", [
      "-c",
      `source ${fishFile}; complete -C 'regionsync run --mode '; complete -C 'regionsync sandbox '`,
    ]);
    if (zsh === undefined || fish === undefined) return t.skip("zsh or fish is not installed (CI installs both)");
    assert.deepEqual(
      fish
        .split("\n")
        .map((l) => l.split("\t")[0])
        .filter(Boolean),
      ["apply", "plan", "demo", "serve"],
    );
  });
});

describe("colour", () => {
  it("FORCE_COLOR colours a pipe, NO_COLOR and FORCE_COLOR=0 keep a terminal plain", async () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an SGR escape (ESC [ n m) is what is looked for
    const coloured = /\u001b\[\d+m/;
    const plan = ["validate", "-f", "/nonexistent/desired-state.yaml"];
    assert.match((await runCli(plan, { env: { FORCE_COLOR: "1" } })).stderr, coloured);
    assert.doesNotMatch((await runCli(plan, { env: {} })).stderr, coloured);
    assert.match((await runCli(plan, { tty: true, env: {} })).stderr, coloured);
    assert.doesNotMatch((await runCli(plan, { tty: true, env: { NO_COLOR: "1" } })).stderr, coloured);
    assert.doesNotMatch((await runCli(plan, { tty: true, env: { FORCE_COLOR: "0" } })).stderr, coloured);
  });
});

describe("the progress line", () => {
  it("is cut short of the terminal's width (no wrap) and taken away for every line written", () => {
    let out = "";
    const status = new StatusLine({ isTTY: true, columns: 20, write: (s: string) => (out += s) });
    status.show("Observing 1/3: a-very-long-account-name");
    status.print("warning: slow\n");
    status.clear();
    assert.equal(out, "\r\u001b[2KObserving 1/3: a-v…\r\u001b[2Kwarning: slow\nObserving 1/3: a-v…\r\u001b[2K");
  });
});

describe("sandbox serve", () => {
  it("says which port is busy and how to choose others, without a stack trace", async () => {
    const port = await freePort();
    const busy = createServer().listen(port, "127.0.0.1");
    await new Promise((resolve) => busy.once("listening", resolve));
    try {
      const run = spawnSync(process.execPath, [bin, "sandbox", "serve", "-f", rootFile, "--port", String(port)], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`error: port ${port} is already in use .*choose others with --port N`));
      assert.doesNotMatch(run.stderr, /EADDRINUSE|\n\s+at /);
    } finally {
      busy.close();
    }
  });
});
