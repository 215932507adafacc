import type { GuestLogs } from "./guest-logs.js";

/**
 * Every failure of the runtime is a {@link RomaError} with one of these codes.
 * The set is closed: code that switches on it can be exhaustive.
 */
export const RomaErrorCode = {
  /** runsc is missing or the sandbox could not start; the message says why and what to do. */
  SandboxUnavailable: "SANDBOX_UNAVAILABLE",
  /** The process lacks a privilege the chosen mode needs (root, for namespaces). */
  PermissionDenied: "PERMISSION_DENIED",
  /** An argument was wrong: a path, a worker count, an option. Nothing was started. */
  InvalidArgument: "INVALID_ARGUMENT",
  /** The code token is unknown or was deleted. */
  NotFound: "NOT_FOUND",
  /** The service was closed. */
  Closed: "CLOSED",
  /** The binary died before signalling readiness, again and again; it cannot serve. */
  StartupFailed: "STARTUP_FAILED",
  /** No worker became ready within the wait bound. */
  WorkerUnavailable: "WORKER_UNAVAILABLE",
  /** The guest exited non-zero or was killed by a signal before answering. */
  GuestCrashed: "GUEST_CRASHED",
  /** The guest exited 0 without writing a response. */
  NoResponse: "NO_RESPONSE",
  /** The response was cut short or its length prefix was malformed. */
  MalformedResponse: "MALFORMED_RESPONSE",
  /** The response's length prefix claims more than the response cap. */
  ResponseTooLarge: "RESPONSE_TOO_LARGE",
  /** The request is larger than the request cap. */
  RequestTooLarge: "REQUEST_TOO_LARGE",
  /** The call's deadline passed; the worker was killed. */
  DeadlineExceeded: "DEADLINE_EXCEEDED",
  /** The call was aborted through its signal; the worker was killed. */
  Cancelled: "CANCELLED",
  /** The runtime itself failed (the sandbox died, a protocol error). */
  Internal: "INTERNAL",
} as const;

/** One of the values of {@link RomaErrorCode}. */
export type RomaErrorCode = (typeof RomaErrorCode)[keyof typeof RomaErrorCode];

/** Facts attached to an error, where they are known. */
export interface RomaErrorDetails {
  /** The step that failed, e.g. "create", "loadBinary", "execute". */
  step?: string;
  /** The code token involved. */
  codeToken?: string;
  /** The guest's exit code, when it exited. */
  exitCode?: number;
  /** The signal that killed the guest, e.g. "SIGKILL". */
  signal?: string;
  /** Milliseconds from the start of the call to the failure. */
  elapsedMs?: number;
  /** What the guest wrote, when its binary was loaded with `logs: true`. */
  logs?: GuestLogs;
  /** The underlying error. */
  cause?: unknown;
}

/** The error every runtime failure rejects with. */
export class RomaError extends Error {
  override readonly name = "RomaError";
  /** Which failure this is; a member of a closed set. */
  readonly code: RomaErrorCode;
  readonly step: string | undefined;
  readonly codeToken: string | undefined;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly elapsedMs: number | undefined;
  /** What the guest wrote on stdout and stderr, when its binary was loaded with `logs: true`. */
  logs: GuestLogs | undefined;

  constructor(code: RomaErrorCode, message: string, details: RomaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.step = details.step;
    this.codeToken = details.codeToken;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.elapsedMs = details.elapsedMs;
    this.logs = details.logs;
  }
}

/** True when `err` is a {@link RomaError}, optionally with the given code. */
export function isRomaError(err: unknown, code?: RomaErrorCode): err is RomaError {
  return err instanceof RomaError && (code === undefined || err.code === code);
}
