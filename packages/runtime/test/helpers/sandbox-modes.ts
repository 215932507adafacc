import type { SandboxMode } from "../../src/index.js";
// The runtime's own lookup: the tests skip exactly when RomaService would not find it.
import { findRunsc } from "../../src/sandbox/runsc.js";

/** Whether runsc is installed here. */
export const hasRunsc = findRunsc(undefined) !== undefined;

/**
 * gVisor tests are skipped only on a developer machine without runsc. In CI they run
 * (and fail) even then: a green CI must mean gVisor was really exercised.
 */
export const skipGvisor = !hasRunsc && !process.env.CI;

if (skipGvisor) {
  console.warn(
    "runsc is not installed: skipping the gVisor tests (they run, and fail, when CI is set). Install it with: sudo apt-get install runsc",
  );
}

/** Both modes, for `describe.each`. */
export const modes: SandboxMode[] = ["gvisor", "minimal"];

/** True when tests of `mode` must be skipped on this machine (see {@link skipGvisor}). */
export function skipMode(mode: SandboxMode): boolean {
  return mode === "gvisor" && skipGvisor;
}
