/** The `ip_ranges` kind's declaration and payload schemas. */
import { z } from "zod";
import type { Named } from "./spec.js";

const repository = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "OWNER/REPO");
const path = z
  .string()
  .regex(
    /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[^\\:*?"<>|\s]+$/,
    "a relative path inside the repository, e.g. ip-ranges.json",
  );

export const ipRangesSchema = z.strictObject({
  repository: repository.describe("The repository the file is published in."),
  path: path.default("ip-ranges.json").describe("The file's path in the repository."),
  branch: z
    .string()
    .min(1)
    .optional()
    .describe("The branch to publish on; the repository's default branch if not given."),
  service: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, "an upper-case name such as WEBHOOKS")
    .describe("The `service` of every prefix regionsync writes; entries of other services are a person's and stay."),
  prefix_region: z
    .string()
    .min(1)
    .describe(
      "The `region` written on this region's prefixes, usually `${region.cloud_region}` (AWS writes e.g. eu-west-1).",
    ),
  network_border_group: z
    .string()
    .min(1)
    .optional()
    .describe("The `network_border_group` of its prefixes; `prefix_region` if not given."),
  publish: z
    .enum(["commit", "pull_request"])
    .default("commit")
    .describe(
      "`commit` writes the branch directly; `pull_request` proposes each change from the branch regionsync/<path>.",
    ),
  published_url: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !u.includes("#") && !/^https?:\/\/[^/]*@/.test(u), "no fragment and no user name or password")
    .optional()
    .describe(
      "Where the file is served (https): plan fetches it without credentials and shows how it differs, read-only.",
    ),
});

export type IpRangesSpec = Named<typeof ipRangesSchema>;

export const ipRangesPayloadSchema = z.strictObject({
  repository,
  path,
  /** The branch the file lives on (the pull request's base in `pull_request` mode). */
  branch: z.string().min(1),
  publish: z.enum(["commit", "pull_request"]),
  service: z.string().min(1),
  region: z.string().min(1),
  network_border_group: z.string().min(1),
  add: z.array(z.string()),
  remove: z.array(z.string()),
});

export type IpRangesPayload = z.output<typeof ipRangesPayloadSchema>;
