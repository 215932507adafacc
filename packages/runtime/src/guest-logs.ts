import type { Socket } from "node:net";

/** What a guest loaded with `logs: true` wrote on stdout and stderr during its call. */
export interface GuestLogs {
  /** The output, in the order written (stdout and stderr share one stream). */
  output: string;
  /** True when the guest wrote more than maxLogBytes and the rest was dropped. */
  truncated: boolean;
}

/**
 * Collects one worker's log stream up to a cap. It keeps reading past the cap (and
 * drops those bytes), so a chatty guest never blocks on a full pipe.
 */
export class LogCollector {
  readonly #cap: number;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #truncated = false;
  #closed = false;
  #socket: Socket | undefined;
  /** Resolves when the stream has ended: the guest and all it started are gone. */
  readonly done: Promise<void>;
  #resolveDone!: () => void;

  constructor(cap: number) {
    this.#cap = cap;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  /**
   * Takes the worker's log connection; `rest` is what followed its header. It may come
   * after the worker's data connection, its answer, even its exit: the host sees the
   * two connections' events in no set order.
   */
  attach(socket: Socket, rest: Buffer): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#socket = socket;
    this.#add(rest);
    socket.on("data", (chunk: Buffer) => this.#add(chunk));
    socket.once("close", () => this.#resolveDone());
  }

  /** Stops reading; what was collected stays. */
  close(): void {
    this.#closed = true;
    this.#socket?.destroy();
    this.#resolveDone();
  }

  /** What was collected so far. */
  snapshot(): GuestLogs {
    return { output: Buffer.concat(this.#chunks).toString("utf8"), truncated: this.#truncated };
  }

  #add(chunk: Buffer): void {
    const room = this.#cap - this.#kept;
    if (chunk.length > room) this.#truncated = true;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length === 0) return;
    this.#chunks.push(kept);
    this.#kept += kept.length;
  }
}

/** The last `bytes` of a log, for an error message. */
export function logTail(logs: GuestLogs, bytes = 1024): string {
  const tail = logs.output.length > bytes ? `…${logs.output.slice(-bytes)}` : logs.output;
  return tail.trimEnd();
}
