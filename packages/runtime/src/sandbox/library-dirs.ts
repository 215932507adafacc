import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { isAbsolute } from "node:path";
import { RomaError, RomaErrorCode } from "../errors.js";

/** The library directories of a worker's root: real directories bound read-only, and symlinks. */
export interface LibraryLayout {
  /** Directories mounted read-only at the same path. */
  binds: string[];
  /** Symlinks recreated as they are on the host: [path, target]. */
  links: Array<[string, string]>;
}

/** What dynamically linked guests need on Debian-like hosts. */
export const DEFAULT_LIBRARY_DIRS = ["/lib", "/lib64", "/usr/lib", "/usr/lib64"];

/**
 * Resolves the configured library dirs. A symlink (as /lib -> usr/lib on merged-/usr
 * systems) stays a symlink, and what it points at is bound, so the ELF interpreter's
 * path works inside the worker as on the host.
 */
export function resolveLibraryDirs(dirs: readonly string[] | undefined): LibraryLayout {
  const explicit = dirs !== undefined;
  const layout: LibraryLayout = { binds: [], links: [] };
  for (const dir of dirs ?? DEFAULT_LIBRARY_DIRS) {
    if (!isAbsolute(dir)) {
      throw new RomaError(
        RomaErrorCode.InvalidArgument,
        `libraryDirs: "${dir}" is not an absolute path`,
        { step: "create" },
      );
    }
    if (!existsSync(dir)) {
      if (!explicit) continue;
      throw new RomaError(RomaErrorCode.InvalidArgument, `libraryDirs: "${dir}" does not exist`, {
        step: "create",
      });
    }
    if (lstatSync(dir).isSymbolicLink()) {
      layout.links.push([dir, readlinkSync(dir)]);
    }
    const real = realpathSync(dir);
    if (!layout.binds.includes(real)) layout.binds.push(real);
  }
  // A bind under another bind would need recursive binds, which gVisor lacks; parents first.
  layout.binds.sort();
  return layout;
}

/** The launcher's flags for a layout. */
export function libraryFlags(layout: LibraryLayout): string[] {
  return [
    ...layout.binds.flatMap((dir) => ["--bind", dir]),
    ...layout.links.flatMap(([path, target]) => ["--symlink", `${path}=${target}`]),
  ];
}
