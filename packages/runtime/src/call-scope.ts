import { RomaError, RomaErrorCode } from "./errors.js";

/**
 * One call's deadline and abort signal, combined: every stage of the call (waiting
 * for a worker, running on it) watches the same scope.
 */
export class CallScope {
  readonly startedAt = performance.now();
  readonly #deadline: number;
  readonly #signal: AbortSignal | undefined;
  /** The code token the call runs on. */
  readonly codeToken: string;

  constructor(timeoutMs: number, signal: AbortSignal | undefined, codeToken: string) {
    this.#deadline = this.startedAt + timeoutMs;
    this.#signal = signal;
    this.codeToken = codeToken;
  }

  /** Milliseconds since the call started. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** Milliseconds left before the deadline (never negative). */
  remaining(): number {
    return Math.max(0, this.#deadline - performance.now());
  }

  /** The error this call ends with now, if the deadline passed or the signal fired. */
  check(): RomaError | undefined {
    if (this.#signal?.aborted) return this.#cancelled();
    if (this.remaining() <= 0) return this.#expired();
    return undefined;
  }

  /**
   * Calls `onEnd` once with DEADLINE_EXCEEDED or CANCELLED, whichever comes first.
   * Returns the function that stops watching.
   */
  watch(onEnd: (err: RomaError) => void): () => void {
    const timer = setTimeout(() => {
      stop();
      onEnd(this.#expired());
    }, this.remaining());
    const onAbort = () => {
      stop();
      onEnd(this.#cancelled());
    };
    this.#signal?.addEventListener("abort", onAbort, { once: true });
    const stop = () => {
      clearTimeout(timer);
      this.#signal?.removeEventListener("abort", onAbort);
    };
    return stop;
  }

  #expired(): RomaError {
    const ms = Math.round(this.elapsed());
    return new RomaError(
      RomaErrorCode.DeadlineExceeded,
      `the call on code token ${this.codeToken} did not finish within its deadline (${ms} ms); its worker was killed. Raise timeoutMs if the work needs longer`,
      { step: "execute", codeToken: this.codeToken, elapsedMs: ms },
    );
  }

  #cancelled(): RomaError {
    const ms = Math.round(this.elapsed());
    return new RomaError(
      RomaErrorCode.Cancelled,
      `the call on code token ${this.codeToken} was cancelled through its signal after ${ms} ms`,
      { step: "execute", codeToken: this.codeToken, elapsedMs: ms, cause: this.#signal?.reason },
    );
  }
}
