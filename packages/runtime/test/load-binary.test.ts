import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { expectRomaError, run, timed } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`loadBinary (${mode})`, () => {
    let roma: RomaService;
    let scratch: string;

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), "romatest-load-"));
      // Default library dirs, so that a dynamically linked guest can run.
      roma = await RomaService.create({ mode, startTimeoutMs: 8000 });
    });

    afterAll(async () => {
      await roma?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("rejects a missing path with INVALID_ARGUMENT naming it", async () => {
      const missing = join(scratch, "no-such-binary");
      await expectRomaError(roma.loadBinary(missing, { workers: 1 }), "INVALID_ARGUMENT", missing);
    });

    it("rejects an empty path with INVALID_ARGUMENT", async () => {
      await expectRomaError(roma.loadBinary("", { workers: 1 }), "INVALID_ARGUMENT");
    });

    it("rejects a directory with INVALID_ARGUMENT naming it", async () => {
      const dir = dirname(fixtures.behave);
      await expectRomaError(roma.loadBinary(dir, { workers: 1 }), "INVALID_ARGUMENT", dir);
    });

    it("rejects a file that is not executable with INVALID_ARGUMENT naming it", async () => {
      const plain = join(scratch, "not-executable");
      copyFileSync(fixtures.hello, plain);
      chmodSync(plain, 0o644);
      await expectRomaError(roma.loadBinary(plain, { workers: 1 }), "INVALID_ARGUMENT", plain);
    });

    it.each([0, -1, 1.5, Number.NaN])(
      "rejects workers: %s with INVALID_ARGUMENT naming it",
      async (workers) => {
        await expectRomaError(
          roma.loadBinary(fixtures.hello, { workers }),
          "INVALID_ARGUMENT",
          String(workers),
        );
      },
    );

    it("fails a binary that dies before it is ready with STARTUP_FAILED, without a respawn storm", async () => {
      const { ms, result } = await timed(
        expectRomaError(
          roma.loadBinary(fixtures.diesAtStart, { workers: 2 }),
          "STARTUP_FAILED",
          /before.*ready/i,
          /\b3\b/,
        ),
      );
      if (result.status === "rejected") throw result.reason;
      // It gives up after a few attempts rather than waiting out a long bound.
      expect(ms).toBeLessThan(7000);
      // The service is unharmed.
      const token = await roma.loadBinary(fixtures.hello, { workers: 1 });
      expect(await run(roma, token, "still fine")).toBe("hello, still fine");
      await roma.delete(token);
    });

    it("fails a binary that never signals readiness with STARTUP_FAILED within the start bound", async () => {
      const { ms, result } = await timed(
        expectRomaError(
          roma.loadBinary(fixtures.neverReady, { workers: 1 }),
          "STARTUP_FAILED",
          /ready/i,
        ),
      );
      if (result.status === "rejected") throw result.reason;
      expect(ms).toBeLessThan(15_000);
    });

    it("answers each code token with its own binary", async () => {
      const behave = await roma.loadBinary(fixtures.behave, { workers: 2 });
      const hello = await roma.loadBinary(fixtures.hello, { workers: 2 });
      const again = await roma.loadBinary(fixtures.behave, { workers: 1 });
      expect(new Set([behave, hello, again]).size).toBe(3);
      const answers = await Promise.all([
        run(roma, behave, "echo:one"),
        run(roma, hello, "two"),
        run(roma, again, "echo:three"),
        run(roma, hello, "four"),
      ]);
      expect(answers).toEqual(["one", "hello, two", "three", "hello, four"]);
      await Promise.all([roma.delete(behave), roma.delete(hello), roma.delete(again)]);
    });

    it("runs a dynamically linked guest with the default library dirs", async () => {
      const token = await roma.loadBinary(fixtures.helloDynamic, { workers: 1 });
      expect(await run(roma, token, "dynamic")).toBe("hello, dynamic");
      await roma.delete(token);
    });

    it("copies the binary in: changing or removing the original afterwards changes nothing", async () => {
      const original = join(scratch, "copied-guest");
      copyFileSync(fixtures.hello, original);
      chmodSync(original, 0o755);
      const token = await roma.loadBinary(original, { workers: 1 });
      writeFileSync(original, "#!/bin/sh\nexit 1\n");
      rmSync(original);
      for (let i = 0; i < 3; i++) expect(await run(roma, token, `n${i}`)).toBe(`hello, n${i}`);
      await roma.delete(token);
    });

    it("rejects delete of an unknown token with NOT_FOUND", async () => {
      await expectRomaError(roma.delete("never-loaded"), "NOT_FOUND", "never-loaded");
    });
  });
}
