/**
 * Reads desired-state.yaml, refusing a file over the size limit before reading it: the file comes from a pull request,
 * and a huge one must not cost the runner its memory. The operator sets the limit, never the file.
 */
import { open } from "node:fs/promises";
import type { Diagnostic, Env } from "../core/types.js";
import { error } from "./findings.js";

export const maxBytesVariable = "REGIONSYNC_MAX_FILE_BYTES";
export const defaultMaxBytes = 1024 * 1024;

export async function readDesiredStateFile(file: string, env: Env): Promise<{ text: string } | Diagnostic> {
  const limit = maxBytes(env);
  if (typeof limit !== "number") return limit;
  const tooLarge = (size?: number) =>
    error(
      "file-too-large",
      `the file is ${size === undefined ? "" : `${size} bytes, `}over the limit of ${limit} bytes`,
      { file, line: 1, column: 1 },
      `desired-state.yaml is normally a few kilobytes; to allow a larger file, set ${maxBytesVariable}`,
    );
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      if (size > limit) return tooLarge(size);
      // A pipe or a device reports no size: read at most one byte past the limit, to tell whether it is over.
      const chunks: Buffer[] = [];
      let length = 0;
      while (length <= limit) {
        const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - length));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        length += bytesRead;
      }
      if (length > limit) return tooLarge();
      return { text: Buffer.concat(chunks).toString("utf8") };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : String((e as Error).message);
    return error("file-unreadable", `cannot read ${file}: ${reason}`, undefined, "pass the path with --file (or -f)");
  }
}

function maxBytes(env: Env): number | Diagnostic {
  const value = env[maxBytesVariable];
  if (value === undefined || value === "") return defaultMaxBytes;
  if (/^[1-9][0-9]*$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  const hint = `set a whole number of bytes, or unset it for the default of ${defaultMaxBytes}`;
  return error("invalid-value", `${maxBytesVariable} is '${value}', not a number of bytes`, undefined, hint);
}
