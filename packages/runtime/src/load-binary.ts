import { chmodSync, copyFileSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RomaError, RomaErrorCode } from "./errors.js";
import type { LoadOptions, WorkerLimits } from "./options.js";

/** Most workers one code token may keep. */
export const MAX_WORKERS = 1024;

/** A checked load request. */
export interface CheckedLoad {
  path: string;
  workers: number;
  limits: WorkerLimits;
  logs: boolean;
}

/** A value as a person would write it: NaN stays NaN, strings get quotes. */
function show(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

function invalid(message: string): RomaError {
  return new RomaError(RomaErrorCode.InvalidArgument, message, { step: "loadBinary" });
}

/** Checks a loadBinary call; throws INVALID_ARGUMENT naming what is wrong. */
export function validateLoad(path: string, options: LoadOptions): CheckedLoad {
  if (typeof path !== "string" || path === "") {
    throw invalid(`loadBinary needs the path of a binary, got ${JSON.stringify(path)}`);
  }
  const abs = resolve(path);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(abs);
  } catch {
    throw invalid(`no file at ${abs}`);
  }
  if (stat.isDirectory()) throw invalid(`${abs} is a directory, not a binary`);
  if (!stat.isFile()) throw invalid(`${abs} is not a regular file`);
  if ((stat.mode & 0o111) === 0) {
    throw invalid(
      `${abs} is not executable (mode ${(stat.mode & 0o777).toString(8)}); chmod +x it`,
    );
  }
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw invalid(
      `workers must be a whole number from 1 to ${MAX_WORKERS}, got ${show(workers)} (loading ${abs})`,
    );
  }
  const limits = options.limits ?? {};
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw invalid(`limits.${name} must be a positive whole number, got ${show(value)}`);
    }
  }
  const logs = options.logs ?? false;
  if (typeof logs !== "boolean") throw invalid(`logs must be true or false, got ${show(logs)}`);
  return { path: abs, workers, limits, logs };
}

/**
 * Copies the binary into the service's own dir, read-only: what runs is what was
 * loaded, whatever happens to the original file afterwards.
 */
export function copyBinaryIn(source: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, "udf");
  copyFileSync(source, target);
  chmodSync(target, 0o555);
  return target;
}
