import type { CallScope } from "./call-scope.js";
import { RomaError, RomaErrorCode } from "./errors.js";
import { describeExit } from "./wait-status.js";
import type { Worker } from "./worker.js";

/** What a pool needs from its service. */
export interface PoolHost {
  /** Starts a new worker for `pool` (sends SPAWN) and returns it in "starting" state. */
  spawn(pool: WorkerPool): Worker;
}

/** What a pool is made for. */
export interface PoolSpec {
  tokenId: number;
  codeToken: string;
  /** Workers kept ready or starting. */
  size: number;
  /** The loaded binary's path, for messages. */
  binaryName: string;
  captureLogs: boolean;
}

/** Start-up failures in a row after which a binary that never became ready is given up. */
const MAX_START_FAILURES = 3;
const MAX_BACKOFF_MS = 5000;

interface Waiter {
  resolve(worker: Worker): void;
  reject(err: RomaError): void;
}

/**
 * The pre-warmed workers of one code token. Taking a worker starts its replacement at
 * once, so a request never waits for a spawn while a ready worker exists. Workers that
 * die before serving count as start-up failures: respawns back off, and a binary that
 * never got ready is given up after a few tries instead of looping.
 */
export class WorkerPool {
  readonly tokenId: number;
  readonly codeToken: string;
  readonly size: number;
  readonly binaryName: string;
  /** Whether its workers' stdout and stderr are captured. */
  readonly captureLogs: boolean;
  readonly #host: PoolHost;
  readonly #ready: Worker[] = [];
  readonly #starting = new Set<Worker>();
  readonly #busy = new Set<Worker>();
  readonly #waiters = new Set<Waiter>();
  #failuresInRow = 0;
  #lastFailure = "";
  #everReady = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #ended: RomaError | undefined;
  readonly firstReady: Promise<void>;
  #firstReady!: { resolve(): void; reject(err: RomaError): void };

  constructor(host: PoolHost, spec: PoolSpec) {
    this.#host = host;
    this.tokenId = spec.tokenId;
    this.codeToken = spec.codeToken;
    this.size = spec.size;
    this.binaryName = spec.binaryName;
    this.captureLogs = spec.captureLogs;
    this.firstReady = new Promise((resolve, reject) => {
      this.#firstReady = { resolve, reject };
    });
    this.firstReady.catch(() => {});
  }

  /** Ready workers now. */
  get readyCount(): number {
    return this.#ready.length;
  }

  /** Every worker this pool has alive, in any state. */
  workers(): Worker[] {
    return [...this.#ready, ...this.#starting, ...this.#busy];
  }

  /** Starts workers until `size` are ready or starting. */
  refill(): void {
    if (this.#ended || this.#retryTimer) return;
    while (this.#ready.length + this.#starting.size < this.size) {
      this.#starting.add(this.#host.spawn(this));
    }
  }

  /** A worker wrote its ready byte. */
  workerReady(worker: Worker): void {
    if (!this.#starting.delete(worker)) return;
    worker.state = "ready";
    if (!this.#everReady) {
      this.#everReady = true;
      this.#firstReady.resolve();
    }
    const waiter = this.#waiters.values().next().value;
    if (waiter) {
      this.#waiters.delete(waiter);
      this.#take(worker);
      waiter.resolve(worker);
    } else {
      this.#ready.push(worker);
    }
  }

  /** The launcher reported a worker's exit. */
  workerExited(worker: Worker): void {
    if (this.#busy.delete(worker)) return; // its call reads the exit itself
    const wasStarting = this.#starting.delete(worker);
    const idle = this.#ready.indexOf(worker);
    if (idle >= 0) this.#ready.splice(idle, 1);
    if (!wasStarting && idle < 0) return;
    worker.socket?.destroy();
    // A worker that dies before serving anything is a start-up failure.
    this.#failuresInRow++;
    this.#lastFailure = this.#describeStartFailure(worker, wasStarting);
    if (this.#failuresInRow >= MAX_START_FAILURES) {
      const err = this.#startupError();
      if (!this.#everReady) {
        this.end(err);
        return;
      }
      for (const waiter of this.#waiters) waiter.reject(err);
      this.#waiters.clear();
    }
    const delay = Math.min(MAX_BACKOFF_MS, 50 * 2 ** (this.#failuresInRow - 1));
    this.#retryTimer ??= setTimeout(() => {
      this.#retryTimer = undefined;
      this.refill();
    }, delay);
  }

  /** Takes a ready worker for a call, waiting up to `waitMs` within the call's scope. */
  acquire(waitMs: number, scope: CallScope): Promise<Worker> {
    if (this.#ended) return Promise.reject(this.#ended);
    const worker = this.#ready.shift();
    if (worker) {
      this.#take(worker);
      return Promise.resolve(worker);
    }
    if (this.#failuresInRow >= MAX_START_FAILURES) return Promise.reject(this.#startupError());
    return new Promise((resolve, reject) => {
      const finish = (err?: RomaError, w?: Worker) => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        unwatch();
        if (w) resolve(w);
        else reject(err);
      };
      const waiter: Waiter = { resolve: (w) => finish(undefined, w), reject: (e) => finish(e) };
      this.#waiters.add(waiter);
      const unwatch = scope.watch((err) => finish(err));
      const timer = setTimeout(() => finish(this.#unavailable(waitMs)), waitMs);
    });
  }

  /** The call on `worker` is over. */
  release(worker: Worker): void {
    this.#busy.delete(worker);
  }

  /**
   * Ends the pool: waiters and later calls reject with `reason`, nothing respawns.
   * Returns the workers that were alive, for the caller to kill.
   */
  end(reason: RomaError): Worker[] {
    if (this.#ended) return [];
    this.#ended = reason;
    clearTimeout(this.#retryTimer);
    this.#firstReady.reject(reason);
    for (const waiter of this.#waiters) waiter.reject(reason);
    this.#waiters.clear();
    const alive = this.workers();
    this.#ready.length = 0;
    this.#starting.clear();
    this.#busy.clear();
    return alive;
  }

  #take(worker: Worker): void {
    worker.state = "busy";
    this.#busy.add(worker);
    this.#failuresInRow = 0;
    this.refill();
  }

  #describeStartFailure(worker: Worker, beforeReady: boolean): string {
    const when = beforeReady ? "before it was ready" : "while waiting for a request";
    if (worker.spawnFailure) {
      const { stage, errno } = worker.spawnFailure;
      return `the worker could not be started: ${stage} failed (errno ${errno}${errnoHint(errno)})`;
    }
    const exit = worker.exit ? describeExit(worker.exit) : "ended";
    return `the binary ${exit} ${when}`;
  }

  #startupError(): RomaError {
    return new RomaError(
      RomaErrorCode.StartupFailed,
      `${this.binaryName} (code token ${this.codeToken}) cannot start: ${this.#lastFailure}, ${this.#failuresInRow} times in a row. A guest must write one ready byte on the fd given as argv[1] and then wait for its request; a dynamically linked binary needs its library dirs in libraryDirs`,
      { step: "loadBinary", codeToken: this.codeToken },
    );
  }

  #unavailable(waitMs: number): RomaError {
    return new RomaError(
      RomaErrorCode.WorkerUnavailable,
      `no worker of code token ${this.codeToken} became ready within ${waitMs} ms (${this.size} workers, all busy or starting); load it with more workers or raise workerWaitMs`,
      { step: "execute", codeToken: this.codeToken, elapsedMs: waitMs },
    );
  }
}

function errnoHint(errno: number): string {
  const names: Record<number, string> = {
    1: ", EPERM",
    2: ", ENOENT: a file it needs is not in its root",
    8: ", ENOEXEC: not an executable for this machine",
    13: ", EACCES",
  };
  return names[errno] ?? "";
}
