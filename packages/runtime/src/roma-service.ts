import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { basename, join } from "node:path";
import { CallScope } from "./call-scope.js";
import { RomaError, RomaErrorCode } from "./errors.js";
import { frame } from "./framing.js";
import { LogCollector } from "./guest-logs.js";
import { LauncherLink } from "./launcher-link.js";
import {
  encodeKill,
  encodeLoad,
  encodeShutdown,
  encodeSpawn,
  encodeUnload,
  type LauncherEvent,
  LOAD_CAPTURE_LOGS,
  LOG_STREAM_BIT,
} from "./launcher-protocol.js";
import { sweepLeftovers } from "./leftovers.js";
import { copyBinaryIn, validateLoad } from "./load-binary.js";
import type {
  CodeToken,
  ExecuteOptions,
  ExecutionResult,
  LoadOptions,
  RomaServiceOptions,
  SandboxMode,
} from "./options.js";
import { onProcessExit } from "./process-exit.js";
import { createInstanceDir } from "./sandbox/instance-dir.js";
import type { Sandbox, SandboxLayout } from "./sandbox/sandbox.js";
import { startSandbox } from "./sandbox/start.js";
import { resolveServiceOptions, type ServiceSettings } from "./service-options.js";
import { decodeWaitStatus } from "./wait-status.js";
import { withTimeout } from "./with-timeout.js";
import { Worker } from "./worker.js";
import { callWorker } from "./worker-call.js";
import { type PoolHost, WorkerPool } from "./worker-pool.js";

/** What a running service is, for diagnostics and tests. */
export interface RomaServiceInfo {
  mode: SandboxMode;
  /** e.g. "gvisor (runsc, platform ptrace)". */
  sandbox: string;
  /** The runsc container id ("gvisor" mode). */
  containerId: string | undefined;
  /** The service's private temp dir (sockets, binaries, bundle); removed on close. */
  tempDir: string;
  /** The pid of runsc ("gvisor") or of the launcher ("minimal"). */
  sandboxPid: number | undefined;
}

/**
 * Runs untrusted binaries, one request per fresh, pre-warmed process, inside a runsc
 * sandbox ("gvisor" mode) and per-worker namespaces. Create one per process (or per
 * isolation domain), load binaries, execute requests, close it when done.
 */
export class RomaService implements AsyncDisposable {
  readonly #settings: ServiceSettings;
  readonly #layout: SandboxLayout;
  readonly #pools = new Map<CodeToken, WorkerPool>();
  readonly #workers = new Map<number, Worker>();
  #link!: LauncherLink;
  #sandbox!: Sandbox;
  #nextWorker = 1;
  #nextToken = 1;
  #closed: Promise<void> | undefined;
  #broken: RomaError | undefined;
  #unhookExit: () => void = () => {};
  readonly #poolHost: PoolHost = { spawn: (pool) => this.#spawn(pool) };

  private constructor(settings: ServiceSettings, layout: SandboxLayout) {
    this.#settings = settings;
    this.#layout = layout;
  }

  /**
   * Starts a service: its sandbox (one runsc container in "gvisor" mode) and launcher.
   * Rejects with SANDBOX_UNAVAILABLE or PERMISSION_DENIED, saying why and what to do.
   */
  static async create(options: RomaServiceOptions = {}): Promise<RomaService> {
    const settings = resolveServiceOptions(options);
    sweepLeftovers(settings.tempParent, settings.runsc);
    const layout = createInstanceDir(settings.tempParent);
    const service = new RomaService(settings, layout);
    try {
      await service.#start();
    } catch (err) {
      await service.#teardown();
      throw err;
    }
    return service;
  }

  async #start(): Promise<void> {
    this.#link = await LauncherLink.listen(this.#layout.controlSocket, this.#layout.dataSocket, {
      onEvent: (event) => this.#onEvent(event),
      onWorkerConnection: (id, socket, rest) => {
        const isLog = id >= LOG_STREAM_BIT;
        const worker = this.#workers.get(isLog ? id - LOG_STREAM_BIT : id);
        if (isLog && worker?.logs) {
          worker.logs.attach(socket, rest); // even after its exit: its call wants the output
        } else if (!worker || isLog || worker.state === "gone") {
          socket.destroy();
        } else {
          worker.attach(socket, rest, () => this.#pools.get(worker.codeToken)?.workerReady(worker));
        }
      },
      onLost: (reason) => this.#onSandboxLost(reason),
    });
    this.#sandbox = startSandbox(this.#settings, this.#layout, basename(this.#layout.tempDir));
    this.#unhookExit = onProcessExit(() => {
      this.#sandbox.stopSync();
      rmSync(this.#layout.tempDir, { recursive: true, force: true });
    });
    const exited = this.#sandbox.exited.then((exit) => {
      throw new Error(
        `it exited (${exit.signal ?? `code ${exit.code}`}) before the launcher connected${exit.stderr ? `: ${exit.stderr}` : ""}`,
      );
    });
    const notConnected = () =>
      new Error(`the launcher did not connect within ${this.#settings.startTimeoutMs} ms`);
    try {
      await withTimeout(
        Promise.race([this.#link.hello, exited]),
        this.#settings.startTimeoutMs,
        notConnected,
      );
    } catch (cause) {
      const logs = await this.#sandbox.diagnose();
      throw new RomaError(
        RomaErrorCode.SandboxUnavailable,
        `the ${this.#sandbox.description} sandbox could not start: ${(cause as Error).message}${logs ? `\nrunsc log:\n${logs}` : ""}\nCheck that runsc works here (runsc --network=none do /bin/true), or use mode: "minimal"`,
        { step: "create", cause },
      );
    }
    exited.catch(() => {});
    void this.#sandbox.exited.then((exit) =>
      this.#onSandboxLost(`the sandbox exited (${exit.signal ?? `code ${exit.code}`})`),
    );
  }

  /** Facts about this instance: mode, container id, temp dir. */
  get info(): RomaServiceInfo {
    return {
      mode: this.#settings.mode,
      sandbox: this.#sandbox.description,
      containerId: this.#sandbox.containerId,
      tempDir: this.#layout.tempDir,
      sandboxPid: this.#sandbox.pid,
    };
  }

  /**
   * Loads a binary (copied in) and starts `workers` pre-warmed processes for it.
   * Resolves with its code token once the first worker is ready; rejects with
   * INVALID_ARGUMENT for a bad path or count, STARTUP_FAILED if it cannot start.
   */
  async loadBinary(path: string, options: LoadOptions = {}): Promise<CodeToken> {
    this.#checkOpen("loadBinary");
    const load = validateLoad(path, options);
    const tokenId = this.#nextToken++;
    const codeToken = `${basename(load.path)}-${tokenId}-${randomBytes(3).toString("hex")}`;
    const hostPath = copyBinaryIn(load.path, join(this.#layout.binsDir, String(tokenId)));
    const pool = new WorkerPool(this.#poolHost, {
      tokenId,
      codeToken,
      size: load.workers,
      binaryName: load.path,
      captureLogs: load.logs,
    });
    this.#pools.set(codeToken, pool);
    const inside = this.#sandbox.binaryPathInside(hostPath);
    const flags = load.logs ? LOAD_CAPTURE_LOGS : 0;
    this.#link.send(encodeLoad(tokenId, inside, load.limits, flags));
    pool.refill();
    const notReady = () =>
      new RomaError(
        RomaErrorCode.StartupFailed,
        `${load.path} did not signal readiness within ${this.#settings.startTimeoutMs} ms; a guest must write one byte on the fd given as argv[1] once it is set up`,
        { step: "loadBinary", codeToken },
      );
    try {
      await withTimeout(pool.firstReady, this.#settings.startTimeoutMs, notReady);
    } catch (err) {
      this.#unload(codeToken, err as RomaError);
      throw err;
    }
    return codeToken;
  }

  /**
   * Runs one request on a fresh worker of `codeToken`: `request` is the message bytes
   * (the runtime frames them). Resolves with the response message bytes.
   */
  async execute(
    codeToken: CodeToken,
    request: Uint8Array,
    options: ExecuteOptions = {},
  ): Promise<Uint8Array> {
    return (await this.executeWithMetrics(codeToken, request, options)).response;
  }

  /**
   * Like {@link execute}, with the call's timing, and the guest's output when its binary
   * was loaded with `logs: true`.
   */
  async executeWithMetrics(
    codeToken: CodeToken,
    request: Uint8Array,
    options: ExecuteOptions = {},
  ): Promise<ExecutionResult> {
    this.#checkOpen("execute");
    const pool = this.#pool(codeToken, "execute");
    if (request.length > this.#settings.maxRequestBytes) {
      throw new RomaError(
        RomaErrorCode.RequestTooLarge,
        `the request for code token ${codeToken} is ${request.length} bytes, over the ${this.#settings.maxRequestBytes}-byte cap (maxRequestBytes)`,
        { step: "execute", codeToken },
      );
    }
    const scope = new CallScope(
      options.timeoutMs ?? this.#settings.defaultTimeoutMs,
      options.signal,
      codeToken,
    );
    const early = scope.check();
    if (early) throw early;
    const framed = frame(request);
    const worker = await pool.acquire(
      Math.min(this.#settings.workerWaitMs, scope.remaining()),
      scope,
    );
    const waitMs = scope.elapsed();
    const readyWorkers = pool.readyCount;
    try {
      const result = await callWorker(worker, framed, {
        scope,
        maxResponseBytes: this.#settings.maxResponseBytes,
        kill: (w) => this.#link.send(encodeKill(w.id)),
      });
      return {
        response: result.response,
        metrics: { waitMs, sendMs: result.sendMs, responseMs: result.responseMs, readyWorkers },
        ...(result.logs && { logs: result.logs }),
      };
    } finally {
      pool.release(worker);
    }
  }

  /**
   * Unloads a binary: its workers are killed (a call running on one rejects with
   * NOT_FOUND) and its token becomes unknown.
   */
  async delete(codeToken: CodeToken): Promise<void> {
    this.#checkOpen("delete");
    this.#pool(codeToken, "delete");
    this.#unload(
      codeToken,
      new RomaError(RomaErrorCode.NotFound, `code token ${codeToken} was deleted`, {
        step: "execute",
        codeToken,
      }),
    );
  }

  /** Stops every worker and the sandbox, and removes every file the service made. */
  close(): Promise<void> {
    this.#closed ??= this.#teardown();
    return this.#closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #teardown(): Promise<void> {
    const closed = new RomaError(RomaErrorCode.Closed, "the RomaService was closed", {
      step: "execute",
    });
    this.#broken ??= closed;
    for (const token of [...this.#pools.keys()]) this.#unload(token, closed, false);
    this.#link?.send(encodeShutdown());
    await this.#sandbox?.stop();
    this.#link?.close();
    rmSync(this.#layout.tempDir, { recursive: true, force: true });
    this.#unhookExit();
  }

  #unload(codeToken: CodeToken, reason: RomaError, tellLauncher = true): void {
    const pool = this.#pools.get(codeToken);
    if (!pool) return;
    this.#pools.delete(codeToken);
    for (const worker of pool.end(reason)) {
      worker.abortCall?.(reason);
      worker.socket?.destroy();
      worker.logs?.close();
    }
    if (tellLauncher) this.#link.send(encodeUnload(pool.tokenId));
    rmSync(join(this.#layout.binsDir, String(pool.tokenId)), { recursive: true, force: true });
  }

  #spawn(pool: WorkerPool): Worker {
    const worker = new Worker(this.#nextWorker++, pool.codeToken);
    if (pool.captureLogs) worker.logs = new LogCollector(this.#settings.maxLogBytes);
    this.#workers.set(worker.id, worker);
    this.#link.send(encodeSpawn(worker.id, pool.tokenId));
    return worker;
  }

  #onEvent(event: LauncherEvent): void {
    if (event.type === "hello") return;
    const worker = this.#workers.get(event.worker);
    if (!worker) return;
    if (event.type === "spawned") {
      worker.pid = event.pid;
    } else if (event.type === "failed") {
      worker.spawnFailure = { errno: event.errno, stage: event.stage };
    } else {
      const wasBusy = worker.state === "busy";
      worker.markExited(decodeWaitStatus(event.status));
      if (!wasBusy) {
        worker.socket?.destroy();
        worker.logs?.close();
      }
      // A worker's log connection may still be on its way: keep it findable until its
      // output is collected (its call closes the collector when done waiting).
      const forget = () => this.#workers.delete(worker.id);
      if (worker.logs) void worker.logs.done.then(forget);
      else forget();
      this.#pools.get(worker.codeToken)?.workerExited(worker);
    }
  }

  #onSandboxLost(reason: string): void {
    if (this.#broken) return;
    this.#broken = new RomaError(
      RomaErrorCode.Internal,
      `the sandbox stopped unexpectedly (${reason}); close this RomaService and create a new one`,
    );
    for (const token of [...this.#pools.keys()]) this.#unload(token, this.#broken, false);
    // Whatever is left of it (a container whose runsc process died) goes now, not at close.
    this.#link?.send(encodeShutdown());
    void this.#sandbox?.stop();
  }

  #checkOpen(step: string): void {
    if (!this.#broken) return;
    if (this.#broken.code === RomaErrorCode.Closed) {
      throw new RomaError(RomaErrorCode.Closed, `${step} on a closed RomaService`, { step });
    }
    throw this.#broken;
  }

  #pool(codeToken: CodeToken, step: string): WorkerPool {
    const pool = this.#pools.get(codeToken);
    if (!pool) {
      throw new RomaError(
        RomaErrorCode.NotFound,
        `unknown code token ${JSON.stringify(codeToken)}: it was never returned by loadBinary on this service, or it was deleted`,
        { step, codeToken: String(codeToken) },
      );
    }
    return pool;
  }
}
