import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import {
  eventually,
  expectRomaError,
  processesMentioning,
  run,
  runscContainers,
} from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`the sandbox dies under the service (${mode})`, () => {
    it("fails running and later calls with INTERNAL, and close() still leaves nothing", async () => {
      const roma = await RomaService.create({ mode, libraryDirs: [] });
      const { tempDir, containerId, sandboxPid } = roma.info;
      try {
        const token = await roma.loadBinary(fixtures.behave, { workers: 2 });
        expect(await run(roma, token, "echo:before")).toBe("before");
        const running = run(roma, token, "sleep:30000", { timeoutMs: 60_000 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        process.kill(sandboxPid as number, "SIGKILL");
        await expectRomaError(running, "INTERNAL", "the sandbox stopped unexpectedly");
        await expectRomaError(
          run(roma, token, "echo:after"),
          "INTERNAL",
          "close this RomaService and create a new one",
        );
        await expectRomaError(roma.loadBinary(fixtures.behave), "INTERNAL");
      } finally {
        await roma.close();
      }
      expect(existsSync(tempDir)).toBe(false);
      if (containerId) expect(runscContainers()).not.toContain(containerId);
      expect(await eventually(() => processesMentioning(tempDir).length === 0)).toBe(true);
    });
  });
}
