/** `--help` text, derived from the option table. */
import { optionSpecs } from "./options.js";
import { commands } from "./usage.js";

export function helpText(command?: string): string {
  if (command && commands[command]) {
    const c = commands[command];
    const opts = Object.values(optionSpecs).filter((o) => (o.commands as readonly string[]).includes(command));
    return [
      `regionsync ${command}: ${c.summary}`,
      "",
      `Usage: ${c.usage}`,
      "",
      "Options:",
      ...opts.map(
        (o) =>
          `  ${`${"short" in o ? `-${o.short}, ` : "    "}--${o.flag}${"placeholder" in o ? ` ${o.placeholder}` : ""}`.padEnd(36)}${o.description}`,
      ),
      "",
      "Examples:",
      ...c.examples.map((e) => `  $ ${e}`),
      "",
    ].join("\n");
  }
  return [
    "regionsync: declare your production regions once; keep Auth0, GitHub and Datadog in step with them.",
    "",
    "Usage: regionsync <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`),
    "",
    "Examples:",
    ...Object.values(commands).flatMap((c) => c.examples.slice(0, 1).map((e) => `  $ ${e}`)),
    "",
    "Run 'regionsync help <command>' (or 'regionsync <command> --help') for a command's options.",
    "Exit codes: 0 ok, 1 error, 2 changes (with --detailed-exitcode).",
    "",
  ].join("\n");
}
