/**
 * What the last Slack notice was about, so the next run notices only what changed: drift that appeared, changed or
 * cleared, a failure that started or ended, changes that were applied. `run --schedule` keeps it in memory; a CronJob,
 * whose every run is a new process, keeps it in a small file on a volume (`--notify-state`). Names and ids only: no
 * secret is ever in it.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ChangeNote, RunSummary } from "./summary.js";

export interface OutstandingChange {
  id: string;
  digest: string;
  /** How a notice names it: `auth0 auth0-eu application "Storefront" (eu): update`. */
  line: string;
}

export interface NoticeState {
  version: 1;
  failing: boolean;
  /** Changes the vendors still need after the run: planned and not applied, held, failed, observe-only drift. */
  outstanding: OutstandingChange[];
}

export interface NoticeStore {
  load(): Promise<NoticeState | undefined>;
  save(state: NoticeState): Promise<void>;
}

export function noteLine(c: ChangeNote): string {
  const regions = c.regions.length ? ` (${c.regions.join(", ")})` : "";
  const state = c.state === "pending" || c.state === "applied" ? "" : ` [${c.state}]`;
  return `${c.provider} ${c.account} ${c.kind} ${JSON.stringify(c.name)}${regions}: ${c.action}${state}`;
}

/** The state after `summary`; a run that made no plan knows nothing new about drift and keeps the previous list. */
export function noticeState(summary: RunSummary, previous: NoticeState | undefined): NoticeState {
  const outstanding = summary.changes
    ? summary.changes
        .filter((c) => c.state !== "applied")
        .map((c) => ({ id: c.id, digest: c.digest, line: noteLine(c) }))
    : (previous?.outstanding ?? []);
  return { version: 1, failing: !summary.ok, outstanding };
}

/** In memory, for the process's life: `run --schedule`, or a single run with no state file. */
export function memoryStore(): NoticeStore {
  let state: NoticeState | undefined;
  return {
    load: async () => state,
    save: async (next) => {
      state = next;
    },
  };
}

/**
 * A JSON file, replaced by a rename so a run killed mid-write leaves the previous state. A missing or unreadable file
 * reads as no state: the next notice is then a first one.
 */
export function fileStore(path: string): NoticeStore {
  return {
    async load() {
      try {
        const state = JSON.parse(await readFile(path, "utf8")) as NoticeState;
        return state?.version === 1 && Array.isArray(state.outstanding) ? state : undefined;
      } catch {
        return undefined;
      }
    },
    async save(state) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      await writeFile(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
      await rename(temporary, path);
    },
  };
}
