/**
 * The one line of progress at the bottom of a terminal ("Observing 3/5: auth0-eu"). Everything else written to the
 * terminal goes through `print`, which takes the progress line away, writes, and puts it back, so a log line never
 * lands in the middle of it. Off a terminal there is no progress line and `print` just writes.
 */
const CLEAR = "\r\u001b[2K";

export interface TerminalStream {
  write(s: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export class StatusLine {
  private shown = "";

  /** `stream` (stderr) shows the line; `print` clears it for whatever goes to the terminal, stdout included. */
  constructor(private readonly stream: TerminalStream) {}

  get active(): boolean {
    return this.shown !== "";
  }

  /** Replaces the progress line, cut to the width so it never wraps (a wrapped line cannot be cleared). */
  show(text: string): void {
    if (!this.stream.isTTY) return;
    const width = Math.max(10, (this.stream.columns ?? 80) - 1);
    const chars = [...text];
    this.shown = chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : text;
    this.stream.write(`${CLEAR}${this.shown}`);
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR);
    this.shown = "";
  }

  /** Writes `text` (whole lines) to `to`, above the progress line. */
  print(text: string, to: TerminalStream = this.stream): void {
    const shown = this.shown;
    if (shown) this.stream.write(CLEAR);
    to.write(text);
    if (shown) this.stream.write(shown);
  }
}
