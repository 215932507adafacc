import type { Socket } from "node:net";
import type { RomaError } from "./errors.js";
import type { LogCollector } from "./guest-logs.js";
import type { WorkerExit } from "./wait-status.js";

/** Where a worker is in its one life. */
export type WorkerState = "starting" | "ready" | "busy" | "gone";

/** Why a worker failed before it could run the binary (from the launcher). */
export interface SpawnFailure {
  errno: number;
  stage: string;
}

/**
 * One worker process as the host sees it: its data connection, its state, and how it
 * ended. The connection goes straight to the guest; the launcher only reports its exit.
 */
export class Worker {
  readonly id: number;
  /** The code token of the binary it runs. */
  readonly codeToken: string;
  state: WorkerState = "starting";
  socket: Socket | undefined;
  pid: number | undefined;
  spawnFailure: SpawnFailure | undefined;
  exit: WorkerExit | undefined;
  /** Bytes the guest wrote after its ready byte, before a request was sent. */
  early: Buffer[] = [];
  /** Its stdout and stderr, when its binary was loaded with logs. */
  logs: LogCollector | undefined;
  /** Ends the running call with an error (set while busy). */
  abortCall: ((err: RomaError) => void) | undefined;
  #idleListener: ((chunk: Buffer) => void) | undefined;
  readonly exited: Promise<WorkerExit>;
  #resolveExit!: (exit: WorkerExit) => void;

  constructor(id: number, codeToken: string) {
    this.id = id;
    this.codeToken = codeToken;
    this.exited = new Promise((resolve) => {
      this.#resolveExit = resolve;
    });
  }

  /**
   * Takes the worker's data connection; `rest` is what followed the worker id. Calls
   * `onReady` once the guest's ready byte arrives; keeps anything after it for the call.
   */
  attach(socket: Socket, rest: Buffer, onReady: () => void): void {
    this.socket = socket;
    let sawReady = false;
    this.#idleListener = (chunk: Buffer) => {
      if (!sawReady && chunk.length > 0) {
        sawReady = true;
        if (chunk.length > 1) this.early.push(chunk.subarray(1));
        onReady();
      } else if (chunk.length > 0) {
        this.early.push(chunk);
      }
    };
    socket.on("data", this.#idleListener);
    if (rest.length > 0) this.#idleListener(rest);
  }

  /** Hands the connection over to a call. */
  detachIdle(): void {
    if (this.#idleListener) this.socket?.off("data", this.#idleListener);
    this.#idleListener = undefined;
  }

  /** Records the exit the launcher reported. */
  markExited(exit: WorkerExit): void {
    this.exit = exit;
    this.state = "gone";
    this.#resolveExit(exit);
  }
}
