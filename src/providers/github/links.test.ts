import assert from "node:assert/strict";
import { it } from "node:test";
import { githubAppRegistrationUrl, githubAppSettingsUrl, webUrlFor } from "./links.js";

it("derives the web host from the API URL (github.com, GitHub Enterprise Server, GHE.com)", () => {
  assert.equal(webUrlFor("https://api.github.com"), "https://github.com");
  assert.equal(webUrlFor("https://github.example.com/api/v3"), "https://github.example.com");
  assert.equal(webUrlFor("https://github.example.com/api/v3/"), "https://github.example.com");
  assert.equal(webUrlFor("https://api.acme.ghe.com"), "https://acme.ghe.com");
});

it("links a user's or an organization's app settings", () => {
  const web = "https://github.com";
  assert.equal(githubAppSettingsUrl(web, "octo", "user", "my-app"), "https://github.com/settings/apps/my-app");
  assert.equal(
    githubAppSettingsUrl(web, "example-corp", "organization", "my-app"),
    "https://github.com/organizations/example-corp/settings/apps/my-app",
  );
});

it("pre-fills a GitHub App registration with GitHub's documented parameters", () => {
  const url = new URL(
    githubAppRegistrationUrl("https://github.com", "example-corp", "organization", {
      name: "Deployer (eu)",
      homepageUrl: "https://eu.example.com",
      callbackUrls: ["https://eu.example.com/cb"],
      webhookUrl: "https://hooks.eu.example.com/github",
    }),
  );
  assert.equal(url.pathname, "/organizations/example-corp/settings/apps/new");
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    name: "Deployer (eu)",
    url: "https://eu.example.com",
    "callback_urls[]": "https://eu.example.com/cb",
    webhook_active: "true",
    webhook_url: "https://hooks.eu.example.com/github",
  });
});
