/**
 * What redaction looks for. A secret leaks in more shapes than its raw text: a form body or a query string carries it
 * URL-encoded, a JSON log line carrying an error that carries a JSON body escapes it twice, and a Basic credential or a
 * proxy's dump carries it in base64 at any byte offset. Credentials regionsync never registered (a header a vendor
 * echoes, a token in a JSON answer) are masked by their label instead.
 */

export const MASK = "***";

/** Shorter values are not masked: they would mask ordinary words, and no credential is this short. */
export const MIN_SECRET_LENGTH = 4;

/** Base64 fragments shorter than this could match ordinary text by chance. */
const MIN_BASE64_FRAGMENT = 8;

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** `application/x-www-form-urlencoded`: spaces as `+`, and `!'()~` escaped, unlike encodeURIComponent. */
const formEncoded = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);

/**
 * The base64 characters that depend on `bytes` alone when they start `offset` bytes (0 to 2) into a larger encoded
 * buffer: the characters shared with the neighbouring bytes at each end are dropped.
 */
function base64Core(bytes: Buffer, offset: number, alphabet: "base64" | "base64url"): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString(alphabet)
    .replace(/=+$/, "");
  const head = [0, 2, 3][offset]!;
  const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
  return encoded.slice(head, encoded.length - tail);
}

/** Every form in which `secret` may appear in text regionsync writes. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([secret, encodeURIComponent(secret), formEncoded(secret)]);
  for (const form of [...forms]) {
    forms.add(jsonEscaped(form));
    forms.add(jsonEscaped(jsonEscaped(form)));
  }
  const bytes = Buffer.from(secret, "utf8");
  for (const alphabet of ["base64", "base64url"] as const) {
    forms.add(bytes.toString(alphabet));
    for (const offset of [0, 1, 2]) {
      const core = base64Core(bytes, offset, alphabet);
      if (core.length >= MIN_BASE64_FRAGMENT) forms.add(core);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Header names whose values are credentials (Datadog's keys, API-key headers, cookies). */
const HEADERS = [
  "authorization",
  "proxy-authorization",
  "dd-api-key",
  "dd-application-key",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-github-token",
  "cookie",
  "set-cookie",
];

/** Body and query field names whose values are credentials. */
const FIELDS = [
  "client_secret",
  "client_assertion",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "password",
  "secret",
  "private_key",
  "api_key",
  "app_key",
  "application_key",
  "service_key",
  "opsgenie_api_key",
];

const names = (list: string[]) => list.map((n) => n.replace(/[-_]/g, "[-_]")).join("|");

/** A quote as it appears after zero, one or two rounds of JSON escaping. */
const Q = String.raw`\\{0,3}"`;

const labelled: Array<[RegExp, string]> = [
  // "access_token":"...", "DD-API-KEY": "...", also inside an escaped JSON string.
  [new RegExp(`(${Q}(?:${names([...HEADERS, ...FIELDS])})${Q}\\s*:\\s*${Q})[^"\\\\]*`, "gi"), `$1${MASK}`],
  // client_secret=...&, ?access_token=...
  [new RegExp(`((?<![\\w-])(?:${names(FIELDS)})=)[^&\\s"'#\\\\]*`, "gi"), `$1${MASK}`],
  // Authorization: Bearer ..., DD-API-KEY: ... (a header line as a proxy or a dump prints it).
  [
    new RegExp(
      `((?<![\\w-])(?:${names(HEADERS)})\\s*:\\s*)(?:(?:bearer|basic|token|digest)\\s+)?[^\\s"'\\\\,;]+`,
      "gi",
    ),
    `$1${MASK}`,
  ],
  // A bearer or basic credential anywhere else.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/gi, `$1 ${MASK}`],
];

/** Masks credentials that carry their label, whether or not their value was registered. */
export function maskLabelledCredentials(text: string): string {
  let out = text;
  for (const [pattern, replacement] of labelled) out = out.replace(pattern, replacement);
  return out;
}
