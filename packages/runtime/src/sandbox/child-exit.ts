import type { ChildProcess } from "node:child_process";
import type { SandboxExit } from "./sandbox.js";

const STDERR_TAIL = 4096;

/** Follows a child: keeps the tail of its stderr and resolves once it has ended. */
export function watchChild(child: ChildProcess): Promise<SandboxExit> {
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL);
  });
  // Drain stdout so the child never blocks on a full pipe.
  child.stdout?.resume();
  return new Promise((resolve) => {
    child.once("error", (err) => resolve({ code: null, signal: null, stderr: String(err) }));
    child.once("close", (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
}

/**
 * Waits `exitMs` for the child to leave by itself (it was asked to), then sends SIGTERM,
 * then SIGKILL after `termMs`; resolves when it is gone.
 */
export async function terminate(
  child: ChildProcess,
  exited: Promise<unknown>,
  exitMs: number,
  termMs: number,
): Promise<void> {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (gone()) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, exitMs)))]);
  clearTimeout(timer);
  if (gone()) return;
  child.kill("SIGTERM");
  timer = setTimeout(() => child.kill("SIGKILL"), termMs);
  await exited;
  clearTimeout(timer);
}
