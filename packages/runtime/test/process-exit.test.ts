import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { eventually, processesMentioning, runscContainers } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();
const distEntry = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");

/** Starts a Node process that opens a service, loads a guest, prints its info and waits. */
function startOwner(mode: string) {
  const script = `
    import { RomaService } from ${JSON.stringify(pathToFileURL(distEntry).href)};
    const roma = await RomaService.create({ mode: ${JSON.stringify(mode)}, libraryDirs: [] });
    await roma.loadBinary(${JSON.stringify(fixtures.behave)}, { workers: 2 });
    console.log(JSON.stringify(roma.info));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = new Promise<{ tempDir: string; containerId?: string }>((resolve, reject) => {
    child.stdout.setEncoding("utf8").once("data", (line: string) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`the owner exited early (${code})`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  return { child, info, exited };
}

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`the owning process ends without close() (${mode})`, () => {
    it.each(["SIGTERM", "SIGINT"] as const)(
      "on %s, leaves no container, process or temp dir, and still dies of the signal",
      async (signal) => {
        expect(existsSync(distEntry), `build the package first: ${distEntry} is missing`).toBe(
          true,
        );
        const owner = startOwner(mode);
        const info = await owner.info;
        expect(existsSync(info.tempDir)).toBe(true);
        owner.child.kill(signal);
        expect(await owner.exited).toBe(signal);
        expect(existsSync(info.tempDir)).toBe(false);
        if (info.containerId) expect(runscContainers()).not.toContain(info.containerId);
        expect(await eventually(() => processesMentioning(info.tempDir).length === 0)).toBe(true);
      },
    );
  });
}
