/** Small helpers around GitHub requests, shared by every kind. */

export function isStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && (error as { status?: unknown }).status === status;
}

/** Runs a delete; one that finds nothing (404) succeeded already, so apply stays idempotent. */
export async function deleteIfPresent(request: () => Promise<unknown>): Promise<void> {
  try {
    await request();
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}

/** The answer of a read, or undefined when what it reads does not exist (404). */
export async function ifFound<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** `OWNER/REPO` as the SDK's parameters. */
export function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split("/");
  return { owner: owner!, repo: repo! };
}
