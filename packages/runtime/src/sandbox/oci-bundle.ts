import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LibraryLayout } from "./library-dirs.js";

/** Where things are inside the sandbox. */
export const INSIDE = {
  launcher: "/.roma/launcher",
  sockDir: "/.roma/sock",
  binsDir: "/.roma/bins",
  scratch: "/.roma/w",
} as const;

/** What the bundle holds. */
export interface BundleSpec {
  bundleDir: string;
  launcherHostPath: string;
  sockDir: string;
  binsDir: string;
  libraries: LibraryLayout;
  launcherArgs: string[];
}

// What the launcher needs to build workers' namespaces and roots, and nothing more.
const CAPABILITIES = [
  "CAP_SYS_ADMIN",
  "CAP_SYS_CHROOT",
  "CAP_SETUID",
  "CAP_SETGID",
  "CAP_SETPCAP",
  "CAP_KILL",
  "CAP_DAC_OVERRIDE",
  "CAP_FOWNER",
];

/**
 * Writes an OCI bundle: a read-only root holding only mount points, the library dirs
 * and the launcher bound read-only, the binaries read-only, the socket dir read-write.
 */
export function writeBundle(spec: BundleSpec): void {
  const rootfs = join(spec.bundleDir, "rootfs");
  for (const dir of ["proc", "dev", INSIDE.sockDir, INSIDE.binsDir, INSIDE.scratch]) {
    mkdirSync(join(rootfs, dir), { recursive: true });
  }
  for (const dir of spec.libraries.binds) mkdirSync(join(rootfs, dir), { recursive: true });
  for (const [path, target] of spec.libraries.links) {
    mkdirSync(dirname(join(rootfs, path)), { recursive: true });
    symlinkSync(target, join(rootfs, path));
  }
  writeFileSync(join(rootfs, INSIDE.launcher), "", { mode: 0o555 });

  const bind = (source: string, destination: string, mode: "ro" | "rw") => ({
    destination,
    type: "bind",
    source,
    options: ["bind", mode],
  });
  const config = {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [INSIDE.launcher, ...spec.launcherArgs],
      env: [],
      cwd: "/",
      capabilities: {
        bounding: CAPABILITIES,
        effective: CAPABILITIES,
        permitted: CAPABILITIES,
      },
      rlimits: [{ type: "RLIMIT_NOFILE", hard: 65536, soft: 65536 }],
      noNewPrivileges: true,
    },
    root: { path: "rootfs", readonly: true },
    hostname: "roma",
    mounts: [
      { destination: "/proc", type: "proc", source: "proc" },
      ...spec.libraries.binds.map((dir) => bind(dir, dir, "ro")),
      bind(spec.launcherHostPath, INSIDE.launcher, "ro"),
      bind(spec.binsDir, INSIDE.binsDir, "ro"),
      bind(spec.sockDir, INSIDE.sockDir, "rw"),
    ],
    linux: {
      namespaces: [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }],
    },
  };
  writeFileSync(join(spec.bundleDir, "config.json"), JSON.stringify(config, null, 2));
}
