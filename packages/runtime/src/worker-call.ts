import type { CallScope } from "./call-scope.js";
import { RomaError, RomaErrorCode } from "./errors.js";
import { FrameReader, isMessage } from "./framing.js";
import { type GuestLogs, logTail } from "./guest-logs.js";
import { describeExit, type WorkerExit } from "./wait-status.js";
import type { Worker } from "./worker.js";

/** How long to wait for the launcher's word on a worker that closed its connection. */
const EXIT_REPORT_WAIT_MS = 2000;
/** How long a guest may linger after answering before it is killed. */
const LINGER_MS = 1000;
/** How long, past that, to wait for the end of a killed guest's log stream. */
const LOG_END_WAIT_MS = 1000;

/** The outcome of one request on one worker. */
export interface CallResult {
  response: Uint8Array;
  sendMs: number;
  responseMs: number;
  /** The guest's output, when its binary was loaded with logs. */
  logs?: GuestLogs;
}

/** What a call needs besides the worker. */
export interface CallContext {
  scope: CallScope;
  maxResponseBytes: number;
  /** Kills the worker (through the launcher). */
  kill(worker: Worker): void;
}

/**
 * Sends one framed request to a ready worker and reads its framed response. Every way
 * this can go wrong ends in one RomaError, and the worker is killed when it may still
 * be running.
 */
export function callWorker(worker: Worker, framed: Buffer, ctx: CallContext): Promise<CallResult> {
  const socket = worker.socket;
  if (!socket) throw new Error("a ready worker has a connection");
  const { scope } = ctx;
  const reader = new FrameReader(ctx.maxResponseBytes);
  return new Promise<CallResult>((resolve, reject) => {
    let sentAt = 0;
    let sendMs = 0;
    let settled = false;
    const settle = (err: RomaError | undefined, response?: Uint8Array) => {
      if (settled) return;
      settled = true;
      const responseMs = performance.now() - sentAt;
      unwatch();
      worker.abortCall = undefined;
      socket.off("data", onData);
      socket.off("close", onClose);
      if (err && !worker.exit) ctx.kill(worker);
      socket.destroy();
      if (!err) {
        const linger = setTimeout(() => worker.exit || ctx.kill(worker), LINGER_MS);
        worker.exited.then(() => clearTimeout(linger));
      }
      const finish = (logs?: GuestLogs) => {
        if (err) {
          if (logs) withLogs(err, logs);
          reject(err);
        } else {
          resolve({ response: response as Uint8Array, sendMs, responseMs, ...(logs && { logs }) });
        }
      };
      const collector = worker.logs;
      if (!collector) return finish();
      // The output is complete once the guest is gone (killed past LINGER_MS at most).
      const bound = delay(LINGER_MS + LOG_END_WAIT_MS);
      void Promise.race([collector.done, bound]).then(() => {
        finish(collector.snapshot());
        collector.close();
      });
    };
    const fail = (code: RomaErrorCode, message: string, exit?: WorkerExit) =>
      settle(
        new RomaError(code, message, {
          step: "execute",
          codeToken: scope.codeToken,
          elapsedMs: Math.round(scope.elapsed()),
          ...(exit?.exitCode !== undefined && { exitCode: exit.exitCode }),
          ...(exit?.signal !== undefined && { signal: exit.signal }),
        }),
      );
    const onData = (chunk: Buffer) => {
      const result = reader.push(chunk);
      if (result === undefined) return;
      if (isMessage(result)) return settle(undefined, result);
      if (result.kind === "too-large") {
        return fail(
          RomaErrorCode.ResponseTooLarge,
          `the guest of code token ${scope.codeToken} announced a ${result.claimed}-byte response, over the ${result.cap}-byte cap (maxResponseBytes); nothing was read`,
        );
      }
      fail(
        RomaErrorCode.MalformedResponse,
        `the guest of code token ${scope.codeToken} wrote a response whose length prefix is not a valid varint`,
      );
    };
    const onClose = async () => {
      const exit = await Promise.race([worker.exited, delay(EXIT_REPORT_WAIT_MS)]);
      const who = `the guest of code token ${scope.codeToken}`;
      const how = exit ? describeExit(exit) : "closed its connection";
      if (reader.received > 0) {
        fail(
          RomaErrorCode.MalformedResponse,
          `${who} wrote a truncated response (${reader.received} bytes, prefix included) and ${how}`,
          exit,
        );
      } else if (exit && (exit.signal || exit.exitCode !== 0)) {
        fail(RomaErrorCode.GuestCrashed, `${who} ${how} before answering`, exit);
      } else {
        fail(RomaErrorCode.NoResponse, `${who} ${how} without writing a response`, exit);
      }
    };
    const unwatch = scope.watch((err) => settle(err));
    worker.abortCall = (err) => settle(err);
    worker.detachIdle();
    socket.on("data", onData);
    sentAt = performance.now();
    for (const chunk of worker.early.splice(0)) onData(chunk);
    if (settled) return;
    if (socket.destroyed || socket.readableEnded) {
      void onClose(); // the guest left before its request arrived
      return;
    }
    socket.once("close", onClose);
    socket.write(framed, () => {
      sendMs = performance.now() - sentAt;
    });
    socket.resume();
  });
}

/** Attaches a guest's output to its error, and its tail to the message. */
function withLogs(err: RomaError, logs: GuestLogs): void {
  err.logs = logs;
  const tail = logTail(logs);
  if (tail !== "") err.message += `\nThe guest's last output:\n${tail}`;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
