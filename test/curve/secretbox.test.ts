// Our XSalsa20-Poly1305 (salsa20.ts, poly1305.ts, secretbox.ts) against @noble/ciphers (a dev
// dependency kept for this comparison) and a BigInt Poly1305 reference, at every length that
// crosses a block or tail boundary, at aligned and unaligned offsets, and with extreme inputs that
// push the 22-bit limbs to their bounds.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { poly1305 } from "../../src/mechanism/curve/poly1305.js";
import { SecretBox } from "../../src/mechanism/curve/secretbox.js";
import { wasmKernels } from "../../src/mechanism/curve/wasm-box.js";

const P = (1n << 130n) - 5n;

function leBig(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** RFC 8439's definition, in BigInt. */
function referencePoly(msg: Uint8Array, key: Uint8Array): Buffer {
  const r = leBig(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = leBig(key.subarray(16, 32));
  let h = 0n;
  for (let i = 0; i < msg.length; i += 16) {
    const block = msg.subarray(i, Math.min(i + 16, msg.length));
    h = ((h + leBig(block) + (1n << BigInt(8 * block.length))) * r) % P;
  }
  let tag = (h + s) & ((1n << 128n) - 1n);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++, tag >>= 8n) out[i] = Number(tag & 0xffn);
  return out;
}

function ourPoly(msg: Uint8Array, key: Uint8Array, offset = 0): Buffer {
  const buf = Buffer.alloc(msg.length + offset);
  buf.set(msg, offset);
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++)
    words[i] = key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24);
  const out = Buffer.alloc(16);
  poly1305(buf, offset, offset + msg.length, words, out, 0);
  return out;
}

describe("Poly1305", () => {
  test("RFC 8439 §2.5.2 test vector", () => {
    const key = Buffer.from("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", "hex");
    const msg = Buffer.from("Cryptographic Forum Research Group", "latin1");
    assert.equal(ourPoly(msg, key).toString("hex"), "a8061dc1305136c6c22b8baf0c0127a9");
  });

  test("equals the BigInt reference for every length 0..80, random and all-0xff inputs, any offset", () => {
    for (let len = 0; len <= 80; len++) {
      for (const fill of ["random", "ff"] as const) {
        const msg = fill === "random" ? randomBytes(len) : Buffer.alloc(len, 0xff);
        const key = fill === "random" ? randomBytes(32) : Buffer.alloc(32, 0xff);
        const want = referencePoly(msg, key);
        for (const offset of [0, 1, 2, 3])
          assert.deepEqual(ourPoly(msg, key, offset), want, `len ${len} ${fill} +${offset}`);
      }
    }
  });

  test("long all-0xff messages (the limbs' worst case) and h ≥ p at the end", () => {
    for (const len of [1024, 4096 + 7, 65536]) {
      const msg = Buffer.alloc(len, 0xff);
      const key = Buffer.alloc(32, 0xff);
      assert.deepEqual(ourPoly(msg, key), referencePoly(msg, key), `len ${len}`);
    }
    // r = 1 and a message of p's bytes: h = p before the final reduction.
    const key = Buffer.alloc(32);
    key[0] = 1;
    const pBytes = Buffer.alloc(17);
    for (let i = 0, v = P; i < 17; i++, v >>= 8n) pBytes[i] = Number(v & 0xffn);
    assert.deepEqual(ourPoly(pBytes.subarray(0, 16), key), referencePoly(pBytes.subarray(0, 16), key));
  });
});

for (const path of ["WebAssembly", "JS"] as const)
  describe(`XSalsa20-Poly1305 secretbox (${path} path)`, () => {
    const useWasm = path === "WebAssembly";
    if (useWasm) test("the WebAssembly SIMD kernels load on this Node", () => assert.notEqual(wasmKernels(), null));

    test("seals exactly as @noble/ciphers for lengths around every block and chunk boundary, at aligned and unaligned offsets", () => {
      const box = (key: Buffer) => new SecretBox(key, useWasm);
      const lengths = [
        0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129, 255, 256, 257, 1000, 1024, 4099,
        // Around the two-block kernel's threshold (16 whole blocks), with odd and even counts and tails
        // (Poly1305 runs over the ciphertext, whose length is the message's).
        239, 240, 241, 271, 272, 273, 287, 288, 528, 533, 544,
      ];
      const long = [65536, 262_144 - 33, 262_144 - 32, 262_144 - 31, 262_144 + 100, 600_001];
      for (const len of [...lengths, ...long]) {
        const key = randomBytes(32);
        const nonce = randomBytes(24);
        const msg = randomBytes(len);
        const want = Buffer.from(xsalsa20poly1305(key, nonce).encrypt(msg));
        for (const offset of len > 5000 ? [0, 3] : [0, 1, 2, 3]) {
          const buf = Buffer.alloc(offset + 16 + len);
          msg.copy(buf, offset + 16);
          box(key).seal(nonce, buf, offset, offset + 16, buf.length);
          assert.ok(buf.subarray(offset).equals(want), `seal len ${len} +${offset}`);
          assert.ok(box(key).open(nonce, buf, offset, offset + 16, buf.length), `open len ${len} +${offset}`);
          assert.ok(buf.subarray(offset + 16).equals(msg));
        }
      }
    });

    test("a box does not open with one bit flipped anywhere, nor under another nonce, and stays untouched", () => {
      const key = randomBytes(32);
      const nonce = randomBytes(24);
      for (const len of [100, 70_000]) {
        const sealed = Buffer.from(xsalsa20poly1305(key, nonce).encrypt(randomBytes(len)));
        const positions = len > 1000 ? [0, 15, 16, 17, 1000, 65_000, sealed.length - 1] : sealed.keys();
        for (const i of positions) {
          const bad = Buffer.from(sealed);
          bad[i]! ^= 1 << (i % 8);
          const copy = Buffer.from(bad);
          assert.equal(new SecretBox(key, useWasm).open(nonce, bad, 0, 16, bad.length), false, `byte ${i}`);
          assert.ok(bad.equals(copy), "a failed open leaves the bytes as they were");
        }
        const other = Buffer.from(nonce);
        other[23]! ^= 1;
        assert.equal(new SecretBox(key, useWasm).open(other, Buffer.from(sealed), 0, 16, sealed.length), false);
      }
    });

    test("a box that keeps its subkey seals and opens as @noble/ciphers whatever the prefixes' order, and after rekey", () => {
      // Nonces from three prefixes, each with counters after it: runs of one prefix, alternation,
      // and a prefix that differs from the kept one in any of its 16 bytes only (its last byte here);
      // the key changes between two nonces of one prefix.
      const prefixes = [randomBytes(16), randomBytes(16)];
      prefixes.push(Buffer.concat([prefixes[0]!.subarray(0, 15), Buffer.from([prefixes[0]![15]! ^ 0x80])]));
      const order = [0, 0, 0, 1, 0, 1, 1, 2, 0, 2, 2, 1, 0];
      let key = randomBytes(32);
      const sealer = new SecretBox(key, useWasm, true);
      const opener = new SecretBox(key, useWasm, true);
      order.forEach((which, i) => {
        if (i === 10) {
          key = randomBytes(32);
          sealer.rekey(key);
          opener.rekey(key);
        }
        const nonce = Buffer.concat([prefixes[which]!, Buffer.alloc(8)]);
        nonce.writeUInt32BE(i, 20);
        for (const len of [10, 100, 3000]) {
          const msg = randomBytes(len);
          const want = Buffer.from(xsalsa20poly1305(key, nonce).encrypt(msg));
          const buf = Buffer.alloc(16 + len);
          msg.copy(buf, 16);
          sealer.seal(nonce, buf, 0, 16, buf.length);
          assert.ok(buf.equals(want), `seal #${i} (prefix ${which}), ${len} bytes`);
          assert.ok(opener.open(nonce, buf, 0, 16, buf.length), `open #${i} (prefix ${which}), ${len} bytes`);
          assert.ok(buf.subarray(16).equals(msg));
        }
      });
    });
  });
