import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { terminate, watchChild } from "./child-exit.js";
import { launcherPath } from "./launcher-binary.js";
import { type LibraryLayout, libraryFlags } from "./library-dirs.js";
import type { Sandbox, SandboxLayout } from "./sandbox.js";

/**
 * Starts the launcher directly on the host: the same per-worker namespaces, bare root
 * (entered with pivot_root) and dropped privileges, without gVisor around them.
 */
export function startMinimalSandbox(layout: SandboxLayout, libraries: LibraryLayout): Sandbox {
  const scratch = join(layout.tempDir, "worker-root");
  mkdirSync(scratch);
  const args = [
    "--control",
    layout.controlSocket,
    "--data",
    layout.dataSocket,
    "--scratch",
    scratch,
    "--root-mode",
    "pivot",
    "--parent-death",
    ...libraryFlags(libraries),
  ];
  const child = spawn(launcherPath(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = watchChild(child);
  let stopping: Promise<void> | undefined;
  return {
    description: "minimal (namespaces on the host kernel, no gVisor)",
    containerId: undefined,
    pid: child.pid,
    exited,
    binaryPathInside: (hostPath) => hostPath,
    diagnose: async () => "",
    stop() {
      stopping ??= terminate(child, exited, 1000, 2000);
      return stopping;
    },
    stopSync() {
      child.kill("SIGKILL");
    },
  };
}
