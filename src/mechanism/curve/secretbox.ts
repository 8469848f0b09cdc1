import { poly1305 } from "./poly1305.js";
import { hsalsa20, keyWords, le32, salsaCore, salsaXor } from "./salsa20.js";
import { wasmKernels, wasmOpen, wasmSeal } from "./wasm-box.js";

/** Messages shorter than this stay in JS: copying through the kernels' memory costs more than it saves. */
const WASM_MIN = 64;

/** Poly1305 tag length. */
export const TAG_BYTES = 16;

/**
 * NaCl's crypto_secretbox (XSalsa20-Poly1305) under one 32-byte key, sealing and opening in place
 * — with the WebAssembly SIMD kernels (wasm-box.ts) where the runtime has them, else in JS:
 * `buf[dataAt..end]` is the message, `buf[tagAt..tagAt+16]` the tag. The first 32 bytes of block 0
 * of the key stream are the Poly1305 key; the message is XOR-ed from byte 32 of block 0 on. Holds
 * its scratch words, so a box costs no allocation. One instance per key; not reentrant (nothing here
 * calls out).
 *
 * XSalsa20's subkey depends on the key and the nonce's first 16 bytes only. CurveZMQ's MESSAGE
 * nonces share those (a fixed prefix, then the counter), so a box made with `reusesPrefix` keeps
 * the subkey of the last prefix it saw and derives it again only when the prefix changes: one
 * HSalsa20 per connection and direction instead of one per message. Other boxes wipe it after
 * every box.
 */
export class SecretBox {
  readonly #key = new Uint32Array(8);
  readonly #sub = new Uint32Array(8);
  readonly #block0 = new Uint32Array(16);
  readonly #stream = new Uint32Array(16);
  readonly #tag = new Uint8Array(TAG_BYTES);

  /** False: the JS code only (the tests compare the two paths). */
  readonly #useWasm: boolean;
  /** The nonce prefix (4 words) whose subkey `#sub` holds, when the box keeps it (`reusesPrefix`). */
  readonly #prefix: Uint32Array | null;
  #prefixKnown = false;

  constructor(key: Uint8Array, useWasm = true, reusesPrefix = false) {
    keyWords(key, this.#key);
    this.#useWasm = useWasm;
    this.#prefix = reusesPrefix ? new Uint32Array(4) : null;
  }

  /** `#sub` = HSalsa20(key, nonce[0..16]), derived again only when a kept prefix changed. */
  #subkey(nonce: Uint8Array): void {
    const prefix = this.#prefix;
    if (prefix === null) return hsalsa20(this.#key, nonce, this.#sub);
    const w0 = le32(nonce, 0) >>> 0;
    const w1 = le32(nonce, 4) >>> 0;
    const w2 = le32(nonce, 8) >>> 0;
    const w3 = le32(nonce, 12) >>> 0;
    if (this.#prefixKnown && prefix[0] === w0 && prefix[1] === w1 && prefix[2] === w2 && prefix[3] === w3) return;
    hsalsa20(this.#key, nonce, this.#sub);
    prefix[0] = w0;
    prefix[1] = w1;
    prefix[2] = w2;
    prefix[3] = w3;
    this.#prefixKnown = true;
  }

  /** Encrypts `buf[dataAt..end]` in place and writes its tag at `tagAt`. */
  seal(nonce: Uint8Array, buf: Uint8Array, tagAt: number, dataAt: number, end: number): void {
    const k = this.#useWasm && end - dataAt >= WASM_MIN ? wasmKernels() : null;
    if (k !== null) {
      const n0 = le32(nonce, 16);
      const n1 = le32(nonce, 20);
      this.#subkey(nonce);
      salsaCore(this.#sub, n0, n1, 0, 0, this.#block0, false);
      wasmSeal(k, this.#sub, n0, n1, this.#block0, buf, tagAt, dataAt, end);
      this.#wipe();
      return;
    }
    this.#crypt(nonce, buf, dataAt, end);
    poly1305(buf, dataAt, end, this.#block0, buf, tagAt);
    this.#wipe();
  }

  /**
   * Checks the tag at `tagAt` over `buf[dataAt..end]`, then decrypts in place. False (and `buf`
   * untouched) when the tag does not match; the comparison looks at all 16 bytes whatever they hold.
   */
  open(nonce: Uint8Array, buf: Uint8Array, tagAt: number, dataAt: number, end: number): boolean {
    const n0 = le32(nonce, 16);
    const n1 = le32(nonce, 20);
    this.#subkey(nonce);
    salsaCore(this.#sub, n0, n1, 0, 0, this.#block0, false);
    const tag = this.#tag;
    const k = this.#useWasm && end - dataAt >= WASM_MIN ? wasmKernels() : null;
    if (k !== null) {
      const ok = wasmOpen(k, this.#sub, n0, n1, this.#block0, buf, tagAt, dataAt, end, tag);
      this.#wipe();
      return ok;
    }
    poly1305(buf, dataAt, end, this.#block0, tag, 0);
    let diff = 0;
    for (let i = 0; i < TAG_BYTES; i++) diff |= tag[i]! ^ buf[tagAt + i]!;
    if (diff !== 0) {
      this.#wipe();
      return false;
    }
    this.#xor(n0, n1, buf, dataAt, end);
    this.#wipe();
    return true;
  }

  #crypt(nonce: Uint8Array, buf: Uint8Array, dataAt: number, end: number): void {
    const n0 = le32(nonce, 16);
    const n1 = le32(nonce, 20);
    this.#subkey(nonce);
    salsaCore(this.#sub, n0, n1, 0, 0, this.#block0, false);
    this.#xor(n0, n1, buf, dataAt, end);
  }

  /** Key stream from byte 32 of block 0 on (block0 must hold block 0). */
  #xor(n0: number, n1: number, buf: Uint8Array, dataAt: number, end: number): void {
    const b0 = this.#block0;
    const head = Math.min(end, dataAt + 32);
    for (let i = 0; dataAt + i < head; i++)
      buf[dataAt + i] = buf[dataAt + i]! ^ (b0[8 + (i >>> 2)]! >>> ((i & 3) << 3));
    if (end > head) salsaXor(this.#sub, n0, n1, 1, buf, head, end, this.#stream);
  }

  /** Key material of the last box does not outlive it (a kept subkey lives as long as the key). */
  #wipe(): void {
    if (this.#prefix === null) this.#sub.fill(0);
    this.#block0.fill(0);
    this.#stream.fill(0);
  }

  /** Forgets a kept subkey. */
  #forgetSubkey(): void {
    this.#sub.fill(0);
    this.#prefix?.fill(0);
    this.#prefixKnown = false;
  }

  /** Takes another key (the instance is reusable after `destroy`). */
  rekey(key: Uint8Array): void {
    keyWords(key, this.#key);
    this.#forgetSubkey();
  }

  /** Forgets the key. */
  destroy(): void {
    this.#key.fill(0);
    this.#forgetSubkey();
    this.#wipe();
  }
}
