/** The options of `regionsync import` alone (the table in options.ts spreads them in). */
export const importOptions = {
  kind: {
    flag: "kind",
    value: "list",
    placeholder: "K[,K]",
    description: "import: only these kinds (monitors, applications, environments, ...)",
    commands: ["import"],
  },
  name: {
    flag: "name",
    value: "string",
    placeholder: "GLOB",
    description: "import: only objects whose name matches (* and ?)",
    commands: ["import"],
  },
  tag: {
    flag: "tag",
    value: "string",
    placeholder: "TAG",
    description: "import: only objects with this tag (Datadog monitors)",
    commands: ["import"],
  },
  within: {
    flag: "within",
    value: "list",
    placeholder: "OWNER/REPO",
    description: "import: also read these GitHub repositories or organizations (GitHub cannot list them all)",
    commands: ["import"],
  },
} as const;
