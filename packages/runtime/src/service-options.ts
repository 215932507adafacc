import { tmpdir } from "node:os";
import { RomaError, RomaErrorCode } from "./errors.js";
import type { RomaServiceOptions, SandboxMode } from "./options.js";
import { type LibraryLayout, resolveLibraryDirs } from "./sandbox/library-dirs.js";
import { findRunsc, RUNSC_INSTALL_HINT } from "./sandbox/runsc.js";

/** Options with every default filled in and checked. */
export interface ServiceSettings {
  mode: SandboxMode;
  runsc: string | undefined;
  platform: string | undefined;
  runscFlags: readonly string[];
  libraries: LibraryLayout;
  tempParent: string;
  workerWaitMs: number;
  startTimeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  defaultTimeoutMs: number;
  maxLogBytes: number;
}

const MIB = 1024 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RomaError(
      RomaErrorCode.InvalidArgument,
      `${name} must be a positive number, got ${JSON.stringify(value)}`,
      { step: "create" },
    );
  }
  return value;
}

/** Checks options, finds runsc, and checks privileges; throws a RomaError saying what to do. */
export function resolveServiceOptions(options: RomaServiceOptions): ServiceSettings {
  const mode = options.mode ?? "gvisor";
  if (mode !== "gvisor" && mode !== "minimal") {
    throw new RomaError(
      RomaErrorCode.InvalidArgument,
      `mode must be "gvisor" or "minimal", got ${JSON.stringify(mode)}`,
      { step: "create" },
    );
  }
  const settings: ServiceSettings = {
    mode,
    runsc: undefined,
    platform: options.platform,
    runscFlags: options.runscFlags ?? [],
    libraries: resolveLibraryDirs(options.libraryDirs),
    tempParent: options.tempDir ?? tmpdir(),
    workerWaitMs: positive("workerWaitMs", options.workerWaitMs, 10_000),
    startTimeoutMs: positive("startTimeoutMs", options.startTimeoutMs, 20_000),
    maxRequestBytes: positive("maxRequestBytes", options.maxRequestBytes, 4 * MIB),
    maxResponseBytes: positive("maxResponseBytes", options.maxResponseBytes, 4 * MIB),
    defaultTimeoutMs: positive("defaultTimeoutMs", options.defaultTimeoutMs, 10_000),
    maxLogBytes: positive("maxLogBytes", options.maxLogBytes, 64 * 1024),
  };
  if (mode === "gvisor") {
    settings.runsc = findRunsc(options.runscPath);
    if (!settings.runsc) {
      const where = options.runscPath ? `at ${options.runscPath}` : "on PATH";
      throw new RomaError(
        RomaErrorCode.SandboxUnavailable,
        `runsc (gVisor) was not found ${where}: ${RUNSC_INSTALL_HINT}`,
        { step: "create" },
      );
    }
  }
  if (process.getuid?.() !== 0) {
    const why =
      mode === "gvisor"
        ? "runsc run needs root to create the sandbox"
        : "the launcher needs root to give each worker its own pid and mount namespaces";
    throw new RomaError(
      RomaErrorCode.PermissionDenied,
      `mode "${mode}" must run as root: ${why} (running as uid ${process.getuid?.()}). Run the service as root, e.g. in its own container`,
      { step: "create" },
    );
  }
  return settings;
}
