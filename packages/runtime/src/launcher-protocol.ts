/**
 * The control protocol between the runtime and the launcher (native/protocol.h):
 * every message is a u32 body length (LE), a u8 type, then the body.
 */
import type { WorkerLimits } from "./options.js";

export const PROTOCOL_VERSION = 1;

const MSG_LOAD = 1;
const MSG_SPAWN = 2;
const MSG_KILL = 3;
const MSG_UNLOAD = 4;
const MSG_SHUTDOWN = 5;
const MSG_HELLO = 0x80;
const MSG_SPAWNED = 0x81;
const MSG_FAILED = 0x82;
const MSG_EXITED = 0x83;

/** A message from the launcher. */
export type LauncherEvent =
  | { type: "hello"; version: number }
  | { type: "spawned"; worker: number; pid: number }
  | { type: "failed"; worker: number; errno: number; stage: string }
  | { type: "exited"; worker: number; status: number };

function message(type: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt8(type, 4);
  body.copy(out, 5);
  return out;
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => {
    b.writeUInt32LE(v >>> 0, 4 * i);
  });
  return b;
}

/** LOAD flag: the workers' stdout and stderr go to a log stream to the host. */
export const LOAD_CAPTURE_LOGS = 1;
/** A data connection whose worker id has this bit is that worker's log stream. */
export const LOG_STREAM_BIT = 0x80000000;

/** LOAD: tells the launcher where a code token's binary is, its flags and limits. */
export function encodeLoad(
  token: number,
  binaryPath: string,
  limits: WorkerLimits = {},
  flags = 0,
): Buffer {
  const values = [
    limits.memoryBytes,
    limits.cpuSeconds,
    limits.processes,
    limits.fileSizeBytes,
    limits.openFiles,
  ];
  const fixed = Buffer.alloc(8 + 8 * values.length);
  fixed.writeUInt32LE(token, 0);
  fixed.writeUInt32LE(flags, 4);
  values.forEach((v, i) => {
    fixed.writeBigUInt64LE(BigInt(v ?? 0), 8 + 8 * i);
  });
  return message(MSG_LOAD, Buffer.concat([fixed, Buffer.from(binaryPath)]));
}

/** SPAWN: start worker `worker` for `token`. */
export function encodeSpawn(worker: number, token: number): Buffer {
  return message(MSG_SPAWN, u32s(worker, token));
}

/** KILL: SIGKILL worker `worker` (its whole pid namespace dies with it). */
export function encodeKill(worker: number): Buffer {
  return message(MSG_KILL, u32s(worker));
}

/** UNLOAD: forget `token` and kill its workers. */
export function encodeUnload(token: number): Buffer {
  return message(MSG_UNLOAD, u32s(token));
}

/** SHUTDOWN: kill every worker and exit. */
export function encodeShutdown(): Buffer {
  return message(MSG_SHUTDOWN, Buffer.alloc(0));
}

/** Splits the launcher's byte stream into events. */
export class LauncherEventReader {
  #buffered: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns the complete events they finish. Throws on a malformed stream. */
  push(chunk: Buffer): LauncherEvent[] {
    this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
    const events: LauncherEvent[] = [];
    while (this.#buffered.length >= 5) {
      const len = this.#buffered.readUInt32LE(0);
      if (len > 8192) throw new Error(`launcher sent a ${len}-byte control message`);
      if (this.#buffered.length < 5 + len) break;
      const type = this.#buffered.readUInt8(4);
      const body = this.#buffered.subarray(5, 5 + len);
      this.#buffered = this.#buffered.subarray(5 + len);
      events.push(decode(type, body));
    }
    return events;
  }
}

function decode(type: number, b: Buffer): LauncherEvent {
  switch (type) {
    case MSG_HELLO:
      return { type: "hello", version: b.readUInt32LE(0) };
    case MSG_SPAWNED:
      return { type: "spawned", worker: b.readUInt32LE(0), pid: b.readUInt32LE(4) };
    case MSG_FAILED:
      return {
        type: "failed",
        worker: b.readUInt32LE(0),
        errno: b.readInt32LE(4),
        stage: b.subarray(8).toString(),
      };
    case MSG_EXITED:
      return { type: "exited", worker: b.readUInt32LE(0), status: b.readInt32LE(4) };
    default:
      throw new Error(`launcher sent unknown control message type ${type}`);
  }
}
