/**
 * A module resolve hook that appends every resolved URL to the file named by REGIONSYNC_IMPORT_LOG, so a test can see
 * what a command loaded. Registered by record-imports.ts through `node --import`.
 */
import { appendFileSync } from "node:fs";

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string }> {
  const resolved = await next(specifier, context);
  const log = process.env.REGIONSYNC_IMPORT_LOG;
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
