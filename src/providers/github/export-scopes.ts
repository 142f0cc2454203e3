/**
 * Where `regionsync import` reads on GitHub, which cannot list every repository's environments and hooks at once: the
 * repositories and organizations the file's GitHub declarations name, and those the command line adds (`--within`).
 */
import type { ExportContext } from "../../core/kind.js";

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

export function repositoriesToRead(ctx: ExportContext): string[] {
  const named = ctx.instances.flatMap((i) => {
    const repository = (i.spec as { repository?: unknown }).repository;
    return typeof repository === "string" ? [repository] : [];
  });
  return sorted([...named, ...ctx.within.filter((w) => w.includes("/"))]);
}

export function organizationsToRead(ctx: ExportContext): string[] {
  const named = ctx.instances.flatMap((i) => {
    const { organization, owner } = i.spec as { organization?: unknown; owner?: unknown };
    return [organization, owner].filter((v): v is string => typeof v === "string");
  });
  const owners = repositoriesToRead(ctx).map((r) => r.split("/")[0]!);
  return sorted([...named, ...owners, ...ctx.within.filter((w) => !w.includes("/"))]);
}
