/**
 * The lines an insertion-only edit added to a file, marked `+`, with the line before each run for context: what
 * `region add` and the sandbox show of the block they wrote.
 */
export function insertedLines(before: string, after: string): string {
  const old = before.split("\n");
  const out: string[] = [];
  let i = 0;
  let inserting = false;
  for (const line of after.split("\n")) {
    if (i < old.length && line === old[i]) {
      i++;
      inserting = false;
      continue;
    }
    if (!inserting) out.push(`  ${old[i - 1] ?? ""}`);
    inserting = true;
    out.push(`+ ${line}`);
  }
  return `${out.join("\n")}\n`;
}
