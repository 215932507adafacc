import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const testDir = dirname(dirname(fileURLToPath(import.meta.url)));
const sourceDir = join(testDir, "fixtures");
/** Where compiled guests go; gitignored. */
export const buildDir = join(testDir, ".build");

/** Absolute paths of the compiled guest fixtures. */
export interface Fixtures {
  /** One guest whose request text picks its behaviour (see fixtures/behave.c). */
  behave: string;
  /** Answers "hello, <request>"; static. */
  hello: string;
  /** The same guest, dynamically linked: needs the default library dirs. */
  helloDynamic: string;
  /** Exits 3 before it signals readiness, every time. */
  diesAtStart: string;
  /** Never signals readiness. */
  neverReady: string;
  /** Writes on stdout and stderr as its request says (see fixtures/logger.c). */
  logger: string;
  /** Tries what the seccomp filter denies (see fixtures/escape.c). */
  escape: string;
}

const targets: Record<keyof Fixtures, { source: string; output: string; flags: string[] }> = {
  behave: { source: "behave.c", output: "behave", flags: ["-static"] },
  hello: { source: "hello.c", output: "hello", flags: ["-static"] },
  helloDynamic: { source: "hello.c", output: "hello-dynamic", flags: [] },
  diesAtStart: { source: "dies-at-start.c", output: "dies-at-start", flags: ["-static"] },
  neverReady: { source: "never-ready.c", output: "never-ready", flags: ["-static"] },
  logger: { source: "logger.c", output: "logger", flags: ["-static"] },
  escape: { source: "escape.c", output: "escape", flags: ["-static", "-pthread"] },
};

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

let built: Fixtures | undefined;

/**
 * Compiles the C guests with gcc (skipping those newer than their source) and returns
 * their paths. Test files run in parallel processes, so each output is written under a
 * private name and renamed into place: a reader never sees a half-written binary.
 */
export function buildFixtures(): Fixtures {
  if (built) return built;
  mkdirSync(buildDir, { recursive: true });
  const paths = {} as Fixtures;
  for (const [name, target] of Object.entries(targets) as [
    keyof Fixtures,
    (typeof targets)[keyof Fixtures],
  ][]) {
    const source = join(sourceDir, target.source);
    const output = join(buildDir, target.output);
    // Every fixture includes guest-io.h: a change there rebuilds them all.
    if (mtime(output) < Math.max(mtime(source), mtime(join(sourceDir, "guest-io.h")))) {
      const partial = `${output}.${process.pid}.tmp`;
      execFileSync(
        process.env.CC ?? "gcc",
        ["-O2", "-Wall", "-Wextra", ...target.flags, "-o", partial, source],
        { stdio: ["ignore", "inherit", "inherit"] },
      );
      renameSync(partial, output);
    }
    paths[name] = output;
  }
  built = paths;
  return paths;
}
