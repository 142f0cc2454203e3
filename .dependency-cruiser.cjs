/**
 * The boundaries of the tree, checked in CI (`npm run lint:boundaries`, run by .ci/run) and proven by
 * test/boundaries/boundaries.test.ts, which feeds each rule a file that breaks it.
 *
 * Layers, lowest first: core ← config, reconciler, report, observability ← scheduler, sandbox, importer, providers ← cli.
 * A folder imports only folders below it, so no two folders can import each other.
 */
const sdk = {
  auth0: "^auth0$|node_modules/auth0/",
  github: "^@octokit/|node_modules/@octokit/|^libsodium-wrappers$|node_modules/libsodium",
  datadog: "^@datadog/|node_modules/@datadog/",
};

const sdkRule = (vendor) => ({
  name: `sdk-only-in-its-provider-${vendor}`,
  comment: `The ${vendor} SDK is imported only inside src/providers/${vendor}/.`,
  severity: "error",
  from: { path: "^src/", pathNot: `^src/providers/${vendor}/` },
  to: { path: sdk[vendor] },
});

/** `folder` may import only itself and the folders listed. */
const layer = (folder, allowed) => ({
  name: `layer-${folder.replace(/\//g, "-")}`,
  comment: `src/${folder}/ imports only ${allowed.length ? allowed.map((a) => `src/${a}/`).join(", ") : "nothing else of ours"}.`,
  severity: "error",
  from: { path: `^src/${folder}/`, pathNot: "\\.test\\.ts$" },
  to: { path: "^src/", pathNot: [`^src/${folder}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    ...Object.keys(sdk).map(sdkRule),
    layer("core", []),
    layer("config", ["core"]),
    layer("reconciler", ["core"]),
    layer("report", ["core"]),
    layer("observability", ["core"]),
    layer("scheduler", ["core", "observability"]),
    layer("sandbox", ["core"]),
    layer("importer", ["core", "config", "reconciler"]),
    {
      name: "provider-imports-core-only",
      comment: "A provider folder imports only src/core/ and itself; the registry imports the provider folders.",
      severity: "error",
      from: { path: "^src/providers/([^/]+)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/providers/$1/"] },
    },
    {
      name: "emulators-import-nothing-from-src",
      comment: "The emulators cannot mirror our bugs: they import nothing from src/.",
      severity: "error",
      from: { path: "^emulators/" },
      to: { path: "^(src|test|bench)/" },
    },
    {
      name: "src-imports-no-tests",
      comment: "Shipped code does not import tests or test helpers (unit tests beside the code may).",
      severity: "error",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(test|bench)/|\\.test\\.ts$" },
    },
    {
      name: "no-circular",
      comment: "No import cycle between modules.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
