import { onExit } from "signal-exit";

/** Things to stop synchronously if the process ends with services still open. */
const live = new Set<() => void>();
let hooked = false;

/**
 * Registers a synchronous cleanup for the end of the process: a normal exit, or a signal
 * such as SIGTERM or SIGINT that the app does not handle (signal-exit then re-raises it,
 * so the process still dies of it). Returns the unregister function.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    onExit(() => {
      for (const fn of live) {
        try {
          fn();
        } catch {}
      }
    });
  }
  live.add(cleanup);
  return () => live.delete(cleanup);
}
