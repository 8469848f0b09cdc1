/** Z85 (RFC 32), the text form of CURVE keys. */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes (length a multiple of 4). */
export function z85Encode(data: Uint8Array): string {
  if (data.length % 4 !== 0) throw new RangeError("Z85 input length must be a multiple of 4");
  let out = "";
  for (let i = 0; i < data.length; i += 4) {
    let v = ((data[i]! << 24) >>> 0) + (data[i + 1]! << 16) + (data[i + 2]! << 8) + data[i + 3]!;
    const chunk = new Array<string>(5);
    for (let j = 4; j >= 0; j--) {
      chunk[j] = ALPHABET[v % 85]!;
      v = Math.floor(v / 85);
    }
    out += chunk.join("");
  }
  return out;
}

/** Decodes a Z85 string (length a multiple of 5); null when invalid, as libzmq's zmq_z85_decode. */
export function z85Decode(text: string): Buffer | null {
  if (text.length % 5 !== 0 || text.length < 5) return null;
  const out = Buffer.allocUnsafe((text.length / 5) * 4);
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let v = 0;
    for (let j = 0; j < 5; j++) {
      const c = text.charCodeAt(i + j);
      const d = c < 128 ? DECODE[c]! : -1;
      if (d < 0) return null;
      v = v * 85 + d;
    }
    if (v > 0xffffffff) return null;
    out.writeUInt32BE(v, o);
  }
  return out;
}
