/**
 * Secrets are write-only on GitHub, so regionsync records a salted, deliberately slow digest of each value it writes
 * (in a ledger variable GitHub lets it read back) and compares the desired value against it. scrypt with a random
 * salt per value means the record neither reveals the value nor lets equal secrets be spotted; a guessable secret is
 * still guessable by whoever can read the variable, as with any hash.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const PREFIX = "scrypt1";

/** `scrypt1$SALT$HASH`, base64url. */
export async function digestSecret(value: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const hash = await scrypt(value, salt, 32);
  return `${PREFIX}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export async function secretMatches(value: string, recorded: string | undefined): Promise<boolean> {
  const parts = recorded?.split("$");
  if (parts?.length !== 3 || parts[0] !== PREFIX) return false;
  const expected = Buffer.from(parts[2]!, "base64url");
  const actual = await scrypt(value, Buffer.from(parts[1]!, "base64url"), 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
