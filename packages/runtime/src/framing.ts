/** Size-delimited framing of the guest ABI: a base-128 varint length, then the bytes. */

/** Most bytes a varint of a 64-bit length can take. */
const MAX_VARINT_BYTES = 10;

/** Returns `message` prefixed with its length as a varint, in one buffer (one write). */
export function frame(message: Uint8Array): Buffer {
  let n = message.length;
  const prefix: number[] = [];
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  prefix.push(n);
  const out = Buffer.allocUnsafe(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

/** Why a response could not be read. */
export type FrameProblem =
  | { kind: "too-large"; claimed: number; cap: number }
  | { kind: "bad-varint" };

/**
 * Reads one size-delimited message from chunks as they arrive. The length prefix is
 * checked against the cap before anything of that size is allocated.
 */
export class FrameReader {
  readonly #cap: number;
  #length = -1;
  #prefix: number[] = [];
  #body: Buffer | undefined;
  #filled = 0;
  /** Bytes received so far, prefix included. */
  received = 0;

  constructor(cap: number) {
    this.#cap = cap;
  }

  /**
   * Feeds a chunk. Returns the message once complete, a problem when the stream is
   * not a valid frame within the cap, or undefined when more bytes are needed.
   */
  push(chunk: Buffer): Uint8Array | FrameProblem | undefined {
    this.received += chunk.length;
    let offset = 0;
    while (this.#length < 0) {
      if (offset >= chunk.length) return undefined;
      const byte = chunk[offset++] as number;
      this.#prefix.push(byte);
      if (byte & 0x80) {
        if (this.#prefix.length >= MAX_VARINT_BYTES) return { kind: "bad-varint" };
        continue;
      }
      const length = decodeVarint(this.#prefix);
      if (length > this.#cap) return { kind: "too-large", claimed: length, cap: this.#cap };
      this.#length = length;
      this.#body = Buffer.allocUnsafe(length);
    }
    const body = this.#body as Buffer;
    const take = Math.min(chunk.length - offset, this.#length - this.#filled);
    chunk.copy(body, this.#filled, offset, offset + take);
    this.#filled += take;
    // Bytes after a complete message are ignored: the answer counts, like an exit after it.
    return this.#filled === this.#length ? body : undefined;
  }
}

function decodeVarint(bytes: number[]): number {
  let value = 0;
  let scale = 1;
  for (const b of bytes) {
    value += (b & 0x7f) * scale;
    scale *= 128;
  }
  return value;
}

/** True when `x` is a message rather than a problem or "need more". */
export function isMessage(x: Uint8Array | FrameProblem | undefined): x is Uint8Array {
  return x instanceof Uint8Array;
}
