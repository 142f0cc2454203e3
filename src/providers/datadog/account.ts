/** A Datadog account's settings: the org's site and the names of the variables holding its keys. */
import { z } from "zod";

export const sites = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "datadoghq.eu",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const accountSchema = z.strictObject({
  site: z.enum(sites).describe("The Datadog site the org lives on."),
  api_key_env: envName.describe("Environment variable holding the org's API key."),
  app_key_env: envName.describe(
    "Environment variable holding an application key with monitors and integrations write.",
  ),
});

export type DatadogSettings = z.infer<typeof accountSchema>;
