/**
 * The emulator behind each provider in the sandbox. The emulators live in the top-level emulators/ package (they import nothing
 * from src/, so they cannot mirror our bugs) and ship in the package because the sandbox runs them.
 */
export interface SandboxEmulator {
  url: string;
  close(): Promise<void>;
}

export type SandboxVendor = () => Promise<{
  startSandbox(account: { name: string }, opts?: { port?: number }): Promise<SandboxEmulator>;
}>;

export const sandboxVendors: Record<string, SandboxVendor> = {
  auth0: () => import("../../emulators/auth0/sandbox.js"),
  datadog: () => import("../../emulators/datadog/sandbox.js"),
  github: () => import("../../emulators/github/sandbox.js"),
};
