import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { RomaError, RomaErrorCode } from "../errors.js";
import { INSTANCE_PREFIX } from "../leftovers.js";
import type { SandboxLayout } from "./sandbox.js";

/** Longest path a Unix socket address holds (sun_path, less its NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Makes a service instance's private directory under `parent`: `roma-<pid>-<random>`
 * (a dead owner's is swept by the next start), with the socket and binaries dirs.
 */
export function createInstanceDir(parent: string): SandboxLayout {
  let tempDir: string;
  try {
    tempDir = mkdtempSync(join(parent, `${INSTANCE_PREFIX}${process.pid}-`));
  } catch (cause) {
    throw new RomaError(
      RomaErrorCode.InvalidArgument,
      `tempDir ${parent}: cannot create the service's directory there (${(cause as Error).message})`,
      { step: "create", cause },
    );
  }
  const sockDir = join(tempDir, "sock");
  const layout: SandboxLayout = {
    tempDir,
    sockDir,
    binsDir: join(tempDir, "bins"),
    controlSocket: join(sockDir, "ctl.sock"),
    dataSocket: join(sockDir, "data.sock"),
  };
  if (Buffer.byteLength(layout.controlSocket) > MAX_SOCKET_PATH) {
    rmSync(tempDir, { recursive: true, force: true });
    throw new RomaError(
      RomaErrorCode.InvalidArgument,
      `tempDir ${parent} is too deep for Unix socket paths (${layout.controlSocket} is over ${MAX_SOCKET_PATH} bytes); pick a shorter tempDir`,
      { step: "create" },
    );
  }
  mkdirSync(sockDir);
  mkdirSync(layout.binsDir);
  return layout;
}
