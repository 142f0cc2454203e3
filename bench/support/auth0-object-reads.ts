/**
 * The CLI with the Auth0 session's other read strategy (`freshReads: "object"`: one GET right before each PATCH),
 * for bench/auth0.ts to measure beside the default. Takes the CLI's arguments. Benchmark-only: users have no switch.
 */
import { keepYoungGenerationSmall } from "../../src/cli/memory.js";

keepYoungGenerationSmall();
const { main } = await import("../../src/cli/main.js");
const { auth0Provider } = await import("../../src/providers/auth0/index.js");

auth0Provider.connect = async (ctx) =>
  (await import("../../src/providers/auth0/session.js")).createAuth0Session(ctx, { freshReads: "object" });
process.exitCode = await main(process.argv.slice(2));
