import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { SandboxMode } from "../../src/index.js";

function onPath(name: string): boolean {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/bin"];
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether runsc is installed here. */
export const hasRunsc = onPath("runsc");

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
