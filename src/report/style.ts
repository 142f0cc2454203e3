/** How the output is shown: colours, and on a terminal its width (the coverage matrix fits it). */
export interface Style {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  width?: number;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const colour: Style = {
  green: code(32, 39),
  yellow: code(33, 39),
  red: code(31, 39),
  cyan: code(36, 39),
  bold: code(1, 22),
  dim: code(2, 22),
};
const identity = (s: string) => s;
export const plain: Style = {
  green: identity,
  yellow: identity,
  red: identity,
  cyan: identity,
  bold: identity,
  dim: identity,
};

/**
 * Colour on a terminal, unless `NO_COLOR` is set (no-color.org) or `TERM=dumb`. `FORCE_COLOR` (as Node and chalk read
 * it) wins over both: set and not `0`/`false`, colour even into a pipe; `0` or `false`, none even on a terminal.
 */
function coloured(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}

export function styleFor(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): Style {
  const style = coloured(stream, env) ? colour : plain;
  return stream.isTTY && stream.columns ? { ...style, width: stream.columns } : style;
}
