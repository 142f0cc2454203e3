/** Colours, and on a terminal its width. Colour only when asked (a TTY without NO_COLOR). */
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

export function styleFor(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): Style {
  const style = stream.isTTY && !env.NO_COLOR && env.TERM !== "dumb" ? colour : plain;
  return stream.isTTY && stream.columns ? { ...style, width: stream.columns } : style;
}
