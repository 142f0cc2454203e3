// Checks manifests rendered by `helm template` (one file per argument): Kubernetes' schemas through kubernetes-models,
// unknown fields (which kubernetes-models lets through, while the API server's strict field validation rejects them),
// the restricted Pod Security profile, the CronJob settings the chart promises, and that desired-state.yaml reached
// the ConfigMap byte for byte. Writes each ConfigMap's desired state beside its manifest, for `regionsync validate`.
// Run with MODELS_DIR pointing at a folder where kubernetes-models@4 and yaml@2 are installed.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const modelsDir = process.env.MODELS_DIR;
if (!modelsDir) throw new Error("set MODELS_DIR");
const require = createRequire(resolve(modelsDir, "package.json"));
const { parseAllDocuments, parse } = require("yaml");
const pkgDir = dirname(require.resolve("kubernetes-models/package.json"));
const root = resolve(dirname(new URL(import.meta.url).pathname), "../..");

const models = {
  "batch/v1/CronJob": "kubernetes-models/batch/v1/CronJob",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
};
// A CRD kubernetes-models does not know: checked by hand (checkPrometheusRule).
const PROMETHEUS_RULE = "monitoring.coreos.com/v1/PrometheusRule";
// The metric names regionsync exports, as src/observability/metrics.ts spells them: an alert on any other name never fires.
const metricNames = new Set(
  readFileSync(join(root, "src/observability/metrics.ts"), "utf8").match(/regionsync_[a-z_]+/g),
);

// What desired-state.yaml may arrive as: the chart's default, or the repository's example (given with --set-file).
const expectedContents = [
  parse(readFileSync(join(root, "helm/regionsync/values.yaml"), "utf8")).desiredState.content,
  readFileSync(join(root, "desired-state.yaml"), "utf8"),
];

const fieldCache = new Map();
const problems = [];
let checks = 0;
const check = (ok, file, what) => {
  checks++;
  if (!ok) problems.push(`${file}: ${what}`);
};

for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => d.toJS())
    .filter(Boolean);
  const kinds = docs.map((d) => `${d.apiVersion}/${d.kind}`);
  check(kinds.includes("batch/v1/CronJob"), file, "renders no batch/v1 CronJob");
  for (const doc of docs) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const where = `${file} ${doc.kind}/${doc.metadata?.name}`;
    if (key === PROMETHEUS_RULE) {
      checkPrometheusRule(doc, where);
      continue;
    }
    if (!models[key]) {
      check(false, where, `unexpected kind ${key}`);
      continue;
    }
    const Model = Object.values(require(models[key])).find((v) => typeof v === "function");
    try {
      new Model(doc).validate();
      check(true, where, "");
    } catch (error) {
      check(false, where, `schema: ${error.message}`);
    }
    for (const unknown of unknownFields(doc, typeOf(models[key]))) check(false, where, `unknown field ${unknown}`);
    if (doc.kind === "CronJob") checkCronJob(doc, docs, where);
    if (doc.kind === "ConfigMap") {
      for (const [name, content] of Object.entries(doc.data ?? {})) {
        check(expectedContents.includes(content), where, `data.${name} differs from the desired state given`);
        check(content.includes("${region.") && content.includes("{{"), where, `data.${name} lost its placeholders`);
        writeFileSync(file.replace(/\.yaml$/, ".desired-state.yaml"), content);
      }
    }
  }
}

function checkCronJob(cj, docs, where) {
  const spec = cj.spec;
  const job = spec.jobTemplate.spec;
  const pod = job.template.spec;
  check(spec.concurrencyPolicy === "Forbid", where, "concurrencyPolicy must be Forbid");
  check(typeof spec.timeZone === "string" && spec.timeZone.length > 0, where, "timeZone unset");
  check(!/(CRON_TZ|TZ)=/.test(spec.schedule), where, "TZ inside schedule");
  for (const f of ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
    check(Number.isInteger(spec[f]), where, `${f} unset`);
  for (const f of ["activeDeadlineSeconds", "backoffLimit"]) check(Number.isInteger(job[f]), where, `job ${f} unset`);
  check(pod.restartPolicy === "Never", where, "restartPolicy must be Never");
  // A token only for a dedicated account (Vault's Kubernetes auth), never for the namespace's default one.
  check(
    pod.automountServiceAccountToken === false ||
      (pod.automountServiceAccountToken === true && ![undefined, "default"].includes(pod.serviceAccountName)),
    where,
    "automountServiceAccountToken must be false (or true with a dedicated serviceAccountName)",
  );
  const account = docs.find((d) => d.kind === "ServiceAccount");
  if (account)
    check(pod.serviceAccountName === account.metadata.name, where, "pods do not use the rendered ServiceAccount");
  check(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC, where, "host namespaces");
  const psc = pod.securityContext ?? {};
  check(psc.runAsUser !== 0, where, "pod runs as root");
  const allowedVolumes = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
  ];
  for (const v of pod.volumes ?? []) {
    const types = Object.keys(v).filter((k) => k !== "name");
    check(
      types.every((t) => allowedVolumes.includes(t)),
      where,
      `volume ${v.name} of a type restricted forbids`,
    );
  }
  const tmp = (pod.volumes ?? []).find((v) => v.emptyDir);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const sc = c.securityContext ?? {};
    const at = `${where} container ${c.name}`;
    check((sc.runAsNonRoot ?? psc.runAsNonRoot) === true, at, "runAsNonRoot must be true");
    check(sc.runAsUser !== 0, at, "runs as root");
    check(sc.allowPrivilegeEscalation === false, at, "allowPrivilegeEscalation must be false");
    check(sc.privileged !== true, at, "privileged");
    check(sc.capabilities?.drop?.includes("ALL"), at, "capabilities must drop ALL");
    check(
      (sc.capabilities?.add ?? []).every((a) => a === "NET_BIND_SERVICE"),
      at,
      "adds capabilities",
    );
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    check(seccomp === "RuntimeDefault" || seccomp === "Localhost", at, "seccompProfile must be RuntimeDefault");
    check(sc.readOnlyRootFilesystem === true, at, "readOnlyRootFilesystem must be true");
    check(
      !!tmp && c.volumeMounts?.some((m) => m.name === tmp.name && m.mountPath === "/tmp"),
      at,
      "no emptyDir at /tmp",
    );
    check(
      c.args?.[0] === "run" && ["plan", "apply"].includes(c.args[c.args.indexOf("--mode") + 1]),
      at,
      "args: run --mode",
    );
    check(
      !(c.env ?? []).some((e) => /SECRET|TOKEN|KEY|WEBHOOK_URL/.test(e.name) && e.value),
      at,
      "a credential as a plain env value",
    );
  }
  // Slack's notice state must outlive the pod: a PersistentVolumeClaim, the chart's own when it renders one.
  const args = pod.containers[0]?.args ?? [];
  if (args.includes("--notify-state")) {
    const statePath = String(args[args.indexOf("--notify-state") + 1]);
    const mount = pod.containers[0].volumeMounts?.find((m) => statePath.startsWith(`${m.mountPath}/`));
    const claim = (pod.volumes ?? []).find((v) => v.name === mount?.name)?.persistentVolumeClaim;
    check(!!claim, where, "--notify-state is not on a PersistentVolumeClaim");
    const rendered = docs.find((d) => d.kind === "PersistentVolumeClaim");
    if (rendered)
      check(claim?.claimName === rendered.metadata.name, where, "the notice state is not on the rendered claim");
  }
  const cmVolume = pod.volumes.find((v) => v.configMap);
  const rendered = docs.find((d) => d.kind === "ConfigMap");
  if (rendered) {
    check(cmVolume?.configMap.name === rendered.metadata.name, where, "volume does not mount the rendered ConfigMap");
    check(
      /^[a-f0-9]{64}$/.test(job.template.metadata?.annotations?.["checksum/desired-state"] ?? ""),
      where,
      "no checksum annotation",
    );
  } else {
    check(!!cmVolume?.configMap.name, where, "no desired-state ConfigMap mounted");
  }
}

function checkPrometheusRule(rule, where) {
  const only = (value, keys, at) => {
    const extra = Object.keys(value ?? {}).filter((k) => !keys.includes(k));
    check(extra.length === 0, where, `${at}: unknown field(s) ${extra.join(", ")}`);
  };
  const stringMap = (value, at) =>
    check(
      value === undefined || Object.values(value).every((v) => typeof v === "string"),
      where,
      `${at}: values must be strings`,
    );
  only(rule, ["apiVersion", "kind", "metadata", "spec"], "PrometheusRule");
  check(typeof rule.metadata?.name === "string" && rule.metadata.name.length > 0, where, "metadata.name");
  stringMap(rule.metadata?.labels, "metadata.labels");
  only(rule.spec, ["groups"], "spec");
  check(Array.isArray(rule.spec?.groups) && rule.spec.groups.length > 0, where, "spec.groups is empty");
  const alerts = [];
  for (const [g, group] of (rule.spec?.groups ?? []).entries()) {
    const at = `spec.groups[${g}]`;
    only(group, ["name", "interval", "rules", "limit", "partial_response_strategy", "query_offset", "labels"], at);
    check(typeof group.name === "string" && group.name.length > 0, where, `${at}.name`);
    check(Array.isArray(group.rules) && group.rules.length > 0, where, `${at}.rules is empty`);
    for (const [r, item] of (group.rules ?? []).entries()) {
      const rat = `${at}.rules[${r}]`;
      only(item, ["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"], rat);
      check(/^[A-Za-z_:][A-Za-z0-9_:]*$/.test(item.alert ?? ""), where, `${rat}.alert is not a valid alert name`);
      check(typeof item.expr === "string" && item.expr.trim().length > 0, where, `${rat}.expr is empty`);
      check(item.for === undefined || /^(\d+(ms|s|m|h|d|w|y))+$/.test(item.for), where, `${rat}.for is not a duration`);
      stringMap(item.labels, `${rat}.labels`);
      stringMap(item.annotations, `${rat}.annotations`);
      const expr = String(item.expr ?? "");
      for (const [open, close] of ["()", "{}", "[]"])
        check(expr.split(open).length === expr.split(close).length, where, `${rat}.expr: unbalanced ${open}${close}`);
      for (const name of expr.match(/\bregionsync_[a-z_]+/g) ?? [])
        check(metricNames.has(name), where, `${rat}.expr: regionsync exports no metric ${name}`);
      for (const text of Object.values(item.annotations ?? {}))
        for (const ref of String(text).match(/\{\{.*?\}\}/g) ?? [])
          check(
            /^\{\{ (\$labels\.\w+|\$value)( \| \w+)? \}\}$/.test(ref),
            where,
            `${rat}: ${ref} is not a Prometheus template`,
          );
      alerts.push(item.alert);
    }
  }
  check(alerts.includes("RegionsyncLastSuccessTooOld"), where, "no RegionsyncLastSuccessTooOld alert");
}

// Field names per type, read from kubernetes-models' declaration files (its validators do not reject unknown fields).
function typeOf(modulePath) {
  const file = join(pkgDir, `${modulePath.replace(/^kubernetes-models\//, "")}.d.ts`);
  const local = readFileSync(file, "utf8").match(/export interface (I\w+)(?: extends \w+)? \{/)[1];
  return { file, local };
}

function fieldsOf({ file, local }) {
  const key = `${file}#${local}`;
  if (fieldCache.has(key)) return fieldCache.get(key);
  const text = readFileSync(file, "utf8");
  const body = text.match(new RegExp(`export interface ${local}(?: extends \\w+)? \\{([\\s\\S]*?)\\n\\}`));
  const fields = body ? new Map() : null;
  if (body) {
    for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)) {
      const [, name, type] = m;
      const array = type.match(/^Array<(I\w+)>$/);
      const ref = array?.[1] ?? type.match(/^(I\w+)$/)?.[1];
      fields.set(name, ref ? { array: !!array, type: resolveRef(file, text, ref) } : { leaf: true });
    }
  }
  fieldCache.set(key, fields);
  return fields;
}

function resolveRef(file, text, ref) {
  const from = text.match(new RegExp(`import \\{[^}]*\\b${ref}\\b[^}]*\\} from "([^"]+)"`))?.[1];
  if (!from) return null;
  const target = from.startsWith(".")
    ? join(dirname(file), `${from}.d.ts`)
    : join(modelsDir, "node_modules", `${from}.d.ts`);
  const local = readFileSync(target, "utf8").match(new RegExp(`\\b(\\w+) as ${ref}\\b`))?.[1];
  return local ? { file: target, local } : null;
}

function* unknownFields(value, type, path = "") {
  const fields = type && fieldsOf(type);
  if (!fields || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [name, child] of Object.entries(value)) {
    const field = fields.get(name);
    if (!field) {
      yield `${path}.${name}`;
      continue;
    }
    if (field.leaf || !field.type) continue;
    const items = field.array && Array.isArray(child) ? child : [child];
    for (const [i, item] of items.entries())
      yield* unknownFields(item, field.type, `${path}.${name}${field.array ? `[${i}]` : ""}`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(`  FAIL ${p}`);
  process.exit(1);
}
console.log(`  ${checks} checks passed on ${process.argv.length - 2} rendered files`);
