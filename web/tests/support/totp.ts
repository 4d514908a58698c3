// RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as an authenticator app computes it.
import { createHmac } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(text: string): Buffer {
  let bits = "";
  for (const char of text.replace(/[\s=]/g, "").toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

export function totp(secret: string, at: number = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const digest = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const code = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/**
 * One person's authenticator app: each code it gives is for a time step later than any it
 * gave before (the API accepts each step once, and the next step early), waiting for the
 * clock when both are used.
 */
export class Authenticator {
  /** `lastStep`: the latest step already used (by the test's set-up, say). */
  constructor(
    readonly secret: string,
    private lastStep = 0,
  ) {}

  async code(): Promise<string> {
    for (;;) {
      const step = Math.floor(Date.now() / 1000 / 30);
      for (const candidate of [step, step + 1]) {
        if (candidate > this.lastStep) {
          this.lastStep = candidate;
          return totp(this.secret, candidate * 30 * 1000);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
