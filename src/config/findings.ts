/**
 * The loader's list of problems. Each problem is added with its subject (what it is about: a key's path, an account's
 * name), and de-duplication and suppression look at the code and the subject only, so rewording a message never
 * changes which problems a user sees.
 */
import type { CoreCode } from "../core/codes.js";
import type { Diagnostic, SourcePosition } from "../core/types.js";
import type { Path } from "./positions.js";

/** A diagnostic with its subject. */
export interface Finding {
  diagnostic: Diagnostic;
  subject: string;
}

export function error(code: CoreCode, message: string, at: SourcePosition | undefined, hint?: string): Diagnostic {
  return { severity: "error", code, message, hint, at };
}

const controlCharacter = /\p{Cc}/u;

export const hasControlCharacter = (text: string): boolean => controlCharacter.test(text);

/** `text` with its control characters written as escapes (`\u0000`), so that a message cannot garble a terminal. */
export const shown = (text: string): string =>
  text.replace(new RegExp(controlCharacter, "gu"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The subject of a problem about the value at `path`. */
export const subjectAt = (path: Path): string => JSON.stringify(path);

export class Findings {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly suppressed = new Set<string>();

  /** From now on, drops every `code` problem about `subject`: it would follow from a problem reported already. */
  suppress(code: CoreCode, subject: string): void {
    this.suppressed.add(`${code}\u0000${subject}`);
  }

  /**
   * Adds a problem, unless it is suppressed or the same problem (code, subject, place) was added: every region copy of
   * a declaration repeats its declaration's mistakes, which are reported once.
   */
  add(diagnostic: Diagnostic, subject: string): void {
    const about = `${diagnostic.code}\u0000${subject}`;
    if (this.suppressed.has(about)) return;
    const key = `${about}\u0000${diagnostic.at?.line}:${diagnostic.at?.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  addAll(findings: readonly Finding[]): void {
    for (const f of findings) this.add(f.diagnostic, f.subject);
  }

  /**
   * Adds a provider's problems. Their subject is unknown to the loader, so only a problem identical to one reported
   * (a provider checks each region copy of a declaration) is dropped.
   */
  addFromProvider(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.add(d, JSON.stringify([d.severity, d.message, d.hint]));
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }
}
