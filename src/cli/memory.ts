/**
 * The CLI's memory. A run mostly waits on vendors' rate limits, yet V8 sizes its heap for a server: it grows the young
 * generation to 32 MB at the first allocation burst (loading the file, a page of 100 applications), and after parsing
 * a large file it keeps the parser's garbage until the vendor phase has allocated as much again, so the two peaks stack.
 * Measured on the Auth0 benchmark (bench/auth0.md): the young generation kept at its initial size takes about 15 MB off
 * every command at no measurable cost in time; one collection after loading a file of 6,400 instances takes a plan's
 * peak from 226 to 156 MB.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Called before anything else loads: the young generation stays at its initial 1 MB semi-spaces. */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}

/** Below this many instances the parser's garbage is small, and a collection would cost more than it frees. */
const LARGE_FILE_INSTANCES = 1000;

/** After loading the desired state: a large file's parse garbage is collected before any vendor is contacted. */
export function releaseLoaderGarbage(instances: number): void {
  if (instances < LARGE_FILE_INSTANCES) return;
  // `gc` is exposed to contexts created after the flag is set; the main context's globals stay as they are.
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
