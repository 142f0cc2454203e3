/** What a vendor brings to the fault matrix: a fresh seeded world per cell, how to recognise its requests, its faults. */
import type { Emulator, EmulatorRequest, Fault } from "../../emulators/common/server.js";
import type { Provider } from "../../src/core/kind.js";
import type { Deviation, Skip } from "./cells.js";

/** One cell's vendor: a freshly seeded emulator, and the desired state pointed at it. */
export interface World {
  /** The desired-state file, every account's endpoint the emulator. */
  file: string;
  /** Credentials and the operator's settings (allowed endpoints, the request timeout). */
  env: NodeJS.ProcessEnv;
  server: Emulator;
  /** Identities of every vendor object (owned or not, no ids), to detect duplicates and objects missing. */
  inventory(): string[];
  /** A snapshot of everything regionsync does not own. */
  unowned(): unknown;
  close(): Promise<void>;
}

export interface FaultTarget {
  vendor: "auth0" | "github" | "datadog";
  /** The providers in-process runs use (GitHub's with short waits); child processes run the shipped CLI as is. */
  providers?: ReadonlyMap<string, Provider>;
  start(dir: string): Promise<World>;
  /** The listing observe makes. */
  read(req: EmulatorRequest): boolean;
  /** Every request that changes vendor state. */
  write(req: EmulatorRequest): boolean;
  /** A write that creates an object (Auth0, which creates nothing here, names an update). */
  create(req: EmulatorRequest): boolean;
  /** An update of an object that exists. */
  update(req: EmulatorRequest): boolean;
  faults: {
    rateLimited(): Fault;
    serverError: Fault;
    /** A credential that expired or was revoked. */
    unauthorized: Fault;
    /** The vendor's refusal of one change (a validation error). */
    refusal: Fault;
  };
  /** A person's edit by hand of an object that the plan changes; `survived` says whether it is still there. */
  personEdit(world: World): void;
  editSurvived(world: World): boolean;
  /** After how many writes the SIGKILL cell kills the child (one trial each). */
  killAfter: number[];
  skip?: Skip[];
  deviations?: Deviation[];
}
