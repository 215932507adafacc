import { spawn } from "node:child_process";
import type { Socket } from "node:net";

/** What a guest did when served one request directly, without the runtime. */
export interface GuestRun {
  /** The bytes it wrote before it got the request: the readiness byte. */
  readonly ready: Buffer;
  /** The bytes it wrote after the request: a varint length, then the response. */
  readonly answer: Buffer;
  readonly exitCode: number | null;
  readonly stderr: string;
}

/** A base-128 varint, as protobuf writes lengths. */
export function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** Splits a varint-delimited message into its declared length and its body. */
export function undelimit(data: Buffer): { length: number; body: Buffer } {
  let length = 0;
  let i = 0;
  for (let shift = 1; ; shift *= 128, i++) {
    const byte = data[i];
    if (byte === undefined) throw new Error("truncated varint");
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  return { length, body: data.subarray(i + 1) };
}

/**
 * Runs a guest the way the guest ABI says, on a socket given as fd 3 (`argv[1]` = "3"):
 * waits for the readiness byte, sends `request` varint-delimited, collects the rest.
 */
export function serveOnce(binary: string, request: Uint8Array): Promise<GuestRun> {
  return serveBytes(binary, Buffer.concat([varint(request.length), request]));
}

/** Like {@link serveOnce}, but sends `bytes` as they are: for framings the ABI does not allow. */
export function serveBytes(binary: string, bytes: Uint8Array): Promise<GuestRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["3"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
    const data = child.stdio[3] as Socket;
    const before: Buffer[] = [];
    const after: Buffer[] = [];
    let sent = false;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    data.on("data", (chunk: Buffer) => {
      if (sent) {
        after.push(chunk);
        return;
      }
      before.push(chunk);
      sent = true;
      data.write(bytes);
    });
    data.on("error", () => {
      // The guest closing its end early shows in its exit code and stderr.
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      resolve({ ready: Buffer.concat(before), answer: Buffer.concat(after), exitCode, stderr });
    });
  });
}
