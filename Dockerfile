# syntax=docker/dockerfile:1
# regionsync: reconcile vendors with desired-state.yaml. See docs/deployment.md.
# The Node major here is the one .ci/node-lts.sh tests on; change both together by changing only this file.
# The base is pinned by the digest of its multi-arch index; Dependabot (.github/dependabot.yml) proposes new digests.
# The digest is the node:24-bookworm-slim index as last verified (see docs/deployment.md: re-verify with
# `docker buildx imagetools inspect node:24-bookworm-slim` before a release).

# Production dependencies from the lock file alone: this layer is rebuilt only when package*.json change. Type
# declarations and source maps are never loaded at run time; they are a third of node_modules (Datadog's client).
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf /root/.npm \
 && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \) -delete

# The compiler and its dependencies, cached the same way; sources come last, so an edit rebuilds only `tsc`.
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && rm -rf /root/.npm
COPY tsconfig.json ./
COPY src ./src
COPY emulators ./emulators
RUN npx tsc -p . \
 && find dist -type f \( -name '*.test.js' -o -name '*.map' \) -delete

FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
# Kubernetes has no --init: tini reaps children and forwards SIGTERM, so a run can finish its change in flight.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
COPY package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
# The sandbox starts the vendor emulators at run time; they validate requests against vendor-specs/.
COPY --from=build /src/dist/emulators ./dist/emulators
COPY vendor-specs ./vendor-specs
COPY schema ./schema
COPY desired-state.yaml ./
# Last, so a new version or commit changes only the image config, never a cached layer.
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="regionsync" \
      org.opencontainers.image.description="Declare your production regions once; keep Auth0, GitHub and Datadog in step with them." \
      org.opencontainers.image.source="https://github.com/example-corp/regionsync" \
      org.opencontainers.image.url="https://github.com/example-corp/regionsync" \
      org.opencontainers.image.documentation="https://github.com/example-corp/regionsync/blob/main/docs/deployment.md" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.vendor="example-corp" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim" \
      org.opencontainers.image.base.digest="sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d"
# Numeric, so the kubelet can verify runAsNonRoot; uid 1000 is the base image's `node` user.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/src/cli/bin.js"]
CMD ["--help"]
