import { execFileSync } from "node:child_process";
import { delimiter, join, resolve } from "node:path";
// The runtime's own lookup: the tests skip exactly when RomaService would not find it.
import { findRunsc } from "../../packages/runtime/src/sandbox/runsc.js";

/** The repository's root. */
export const repoRoot = resolve(import.meta.dirname, "../..");

/** The sample's directory. */
export const sampleDir = join(repoRoot, "examples/sample");

/** An environment whose PATH finds the repo's npm bins (buf, protoc-gen-es) and .tools/bin. */
export function toolEnv(): NodeJS.ProcessEnv {
  const bins = [join(repoRoot, "node_modules/.bin"), join(repoRoot, ".tools/bin")];
  return { ...process.env, PATH: [...bins, process.env.PATH ?? ""].join(delimiter) };
}

/** Runs a command to completion; on failure throws with its output, which says why. */
export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: toolEnv(), encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(" ")} failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`,
      {
        cause: e,
      },
    );
  }
}

/**
 * gVisor tests are skipped only on a developer machine without runsc. In CI (`CI` set)
 * they run, and fail, even then: a green CI must mean gVisor was really exercised.
 */
export const skipGvisor = findRunsc(undefined) === undefined && !process.env.CI;

if (skipGvisor) {
  console.warn(
    "runsc is not installed: skipping the sample's gVisor tests (they run, and fail, when CI is set). Install it with: sudo apt-get install runsc",
  );
}
