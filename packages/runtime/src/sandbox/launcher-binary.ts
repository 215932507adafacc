import { accessSync, constants } from "node:fs";
import { fileURLToPath } from "node:url";
import { RomaError, RomaErrorCode } from "../errors.js";

/** The launcher, built by the package's build step into dist/native (the same path from src/ and dist/). */
export function launcherPath(): string {
  const path = fileURLToPath(new URL("../../dist/native/roma-launcher", import.meta.url));
  try {
    accessSync(path, constants.X_OK);
  } catch (cause) {
    throw new RomaError(
      RomaErrorCode.SandboxUnavailable,
      `the launcher binary is missing at ${path}; build the package (npm run build -w @roma-ts/runtime, which needs a C compiler and static libc: apt-get install build-essential)`,
      { step: "create", cause },
    );
  }
  return path;
}
