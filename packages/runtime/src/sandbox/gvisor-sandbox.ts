import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { terminate, watchChild } from "./child-exit.js";
import { launcherPath } from "./launcher-binary.js";
import { type LibraryLayout, libraryFlags } from "./library-dirs.js";
import { INSIDE, writeBundle } from "./oci-bundle.js";
import { defaultPlatform, deleteContainerSync } from "./runsc.js";
import type { Sandbox, SandboxLayout } from "./sandbox.js";

/** What a gVisor sandbox is started with. */
export interface GvisorSandboxOptions {
  runsc: string;
  containerId: string;
  layout: SandboxLayout;
  libraries: LibraryLayout;
  platform: string | undefined;
  runscFlags: readonly string[];
}

/**
 * Starts the launcher as the init process of one long-lived runsc container. No network
 * (--network=none), host Unix sockets allowed for the socket dir (--host-uds=open).
 */
export function startGvisorSandbox(options: GvisorSandboxOptions): Sandbox {
  const { runsc, containerId, layout, libraries } = options;
  const bundleDir = join(layout.tempDir, "bundle");
  const logDir = join(layout.tempDir, "runsc-logs");
  const platform = options.platform ?? defaultPlatform(runsc);
  writeBundle({
    bundleDir,
    launcherHostPath: launcherPath(),
    sockDir: layout.sockDir,
    binsDir: layout.binsDir,
    libraries,
    launcherArgs: [
      "--control",
      `${INSIDE.sockDir}/${relative(layout.sockDir, layout.controlSocket)}`,
      "--data",
      `${INSIDE.sockDir}/${relative(layout.sockDir, layout.dataSocket)}`,
      "--scratch",
      INSIDE.scratch,
      "--root-mode",
      "chroot",
      ...libraryFlags(libraries),
    ],
  });
  const args = [
    "--network=none",
    "--host-uds=open",
    `--platform=${platform}`,
    `--debug-log=${logDir}/`,
    ...options.runscFlags,
    "run",
    "--bundle",
    bundleDir,
    containerId,
  ];
  // The container's stdio must be pipes: runsc cannot share a file with the host.
  const child = spawn(runsc, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = watchChild(child);
  let stopped = false;
  // One stop, however many ask for it: a second caller (close() after the sandbox was
  // lost) must wait for the container to be gone too, not return at once.
  let stopping: Promise<void> | undefined;
  return {
    description: `gvisor (runsc, platform ${platform})`,
    containerId,
    pid: child.pid,
    exited,
    binaryPathInside: (hostPath) => `${INSIDE.binsDir}/${relative(layout.binsDir, hostPath)}`,
    diagnose: () => readRunscErrors(logDir),
    stop() {
      stopping ??= (async () => {
        stopped = true;
        const timer = setTimeout(() => deleteContainerSync(runsc, containerId), 4000);
        await terminate(child, exited, 1000, 3000).finally(() => clearTimeout(timer));
        deleteContainerSync(runsc, containerId);
      })();
      return stopping;
    },
    stopSync() {
      if (stopped) return;
      stopped = true;
      child.kill("SIGKILL");
      deleteContainerSync(runsc, containerId);
    },
  };
}

/** The lines of runsc's own logs that say what went wrong. */
async function readRunscErrors(logDir: string): Promise<string> {
  let lines: string[] = [];
  try {
    for (const name of await readdir(logDir)) {
      const text = await readFile(join(logDir, name), "utf8");
      lines.push(...text.split("\n").filter((l) => /\b(error|fatal|failed|invalid)\b/i.test(l)));
    }
  } catch {
    return "";
  }
  lines = lines.slice(-8);
  return lines.join("\n");
}
