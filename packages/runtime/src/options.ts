import type { GuestLogs } from "./guest-logs.js";

/** Where the workers run. */
export type SandboxMode = "gvisor" | "minimal";

/** Options of {@link RomaService.create}. Every field has a sensible default. */
export interface RomaServiceOptions {
  /**
   * "gvisor" (default): one long-lived runsc sandbox around all workers, and per-worker
   * namespaces inside it. "minimal": the same launcher and namespaces on the host kernel,
   * without gVisor (development, or machines without runsc).
   */
  mode?: SandboxMode;
  /** The runsc binary; default: `runsc` found on PATH. */
  runscPath?: string;
  /** runsc's platform; default "kvm" when /dev/kvm exists, else "ptrace". */
  platform?: string;
  /** More flags for runsc, placed before the subcommand (e.g. ["--debug"]). */
  runscFlags?: string[];
  /**
   * Host directories mounted read-only into every worker's root, at the same path.
   * Default: those of /lib, /lib64, /usr/lib, /usr/lib64 that exist (symlinks kept as
   * symlinks). Statically linked guests need none: pass [].
   */
  libraryDirs?: string[];
  /** Parent directory of the service's private temp dir; default the OS temp dir. */
  tempDir?: string;
  /** How long a request waits for a ready worker before failing; default 10000 ms. */
  workerWaitMs?: number;
  /** How long `create` waits for the sandbox to come up; default 20000 ms. */
  startTimeoutMs?: number;
  /** Largest request accepted, in bytes; default 4 MiB. */
  maxRequestBytes?: number;
  /** Largest response accepted, in bytes; default 4 MiB. Checked on the length prefix. */
  maxResponseBytes?: number;
  /** Deadline of an execute that names none; default 10000 ms. */
  defaultTimeoutMs?: number;
  /** Most bytes of a guest's output kept per call, for binaries loaded with logs; default 64 KiB. */
  maxLogBytes?: number;
}

/** Resource limits applied to each worker process (setrlimit); unset means inherited. */
export interface WorkerLimits {
  /** Address space (RLIMIT_AS), bytes. */
  memoryBytes?: number;
  /** CPU time (RLIMIT_CPU), seconds. */
  cpuSeconds?: number;
  /** Processes or threads of the worker's uid (RLIMIT_NPROC). */
  processes?: number;
  /** Largest file the worker may write (RLIMIT_FSIZE), bytes. */
  fileSizeBytes?: number;
  /** Open file descriptors (RLIMIT_NOFILE). */
  openFiles?: number;
}

/** Options of {@link RomaService.loadBinary}. */
export interface LoadOptions {
  /** Workers kept started and waiting for this binary; default 1. */
  workers?: number;
  /** Per-worker resource limits. */
  limits?: WorkerLimits;
  /**
   * Capture what the guest writes on stdout and stderr and return it with each call
   * (`executeWithMetrics(...).logs`, and `RomaError.logs` on failure). Default false:
   * the output is dropped. A call then also waits for the guest to exit, so its output
   * is complete.
   */
  logs?: boolean;
}

/** Options of one call. */
export interface ExecuteOptions {
  /** Deadline for the call, from the moment it is made; the worker is killed past it. */
  timeoutMs?: number;
  /** Aborting it ends the call with CANCELLED and kills the worker. */
  signal?: AbortSignal;
}

/** Timing of one call, like the original's per-call metrics. */
export interface ExecutionMetrics {
  /** Time spent waiting for a ready worker, ms. */
  waitMs: number;
  /** Time to write the request to the worker, ms. */
  sendMs: number;
  /** Time from the request written to the full response read, ms. */
  responseMs: number;
  /** Ready workers of this code token left when the call took one. */
  readyWorkers: number;
}

/** What {@link RomaService.executeWithMetrics} resolves with. */
export interface ExecutionResult {
  /** The response message's bytes. */
  response: Uint8Array;
  metrics: ExecutionMetrics;
  /** What the guest wrote, when its binary was loaded with `logs: true`. */
  logs?: GuestLogs;
}

/** An opaque handle to a loaded binary. */
export type CodeToken = string;
