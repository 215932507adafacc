import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { bytes, expectRomaError, text } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`guest output (${mode})`, () => {
    let roma: RomaService;
    let withLogs: CodeToken;
    let withoutLogs: CodeToken;

    beforeAll(async () => {
      roma = await RomaService.create({ mode, libraryDirs: [], maxLogBytes: 1000 });
      withLogs = await roma.loadBinary(fixtures.logger, { workers: 2, logs: true });
      withoutLogs = await roma.loadBinary(fixtures.logger, { workers: 1 });
    });

    afterAll(async () => {
      await roma?.close();
    });

    it("is dropped unless the binary was loaded with logs", async () => {
      const result = await roma.executeWithMetrics(withoutLogs, bytes("log:unseen"));
      expect(text(result.response)).toBe("ok");
      expect(result.logs).toBeUndefined();
    });

    it("is returned exactly as written, stdout and stderr in order", async () => {
      const result = await roma.executeWithMetrics(withLogs, bytes("log:hello"));
      expect(text(result.response)).toBe("ok");
      expect(result.logs).toEqual({ output: "out:hello\nerr:hello\n", truncated: false });
    });

    it("is empty for a quiet guest", async () => {
      const result = await roma.executeWithMetrics(withLogs, bytes("quiet"));
      expect(result.logs).toEqual({ output: "", truncated: false });
    });

    it("belongs to its own call when calls run at once", async () => {
      const names = Array.from({ length: 12 }, (_, i) => `call-${i}`);
      const results = await Promise.all(
        names.map((name) => roma.executeWithMetrics(withLogs, bytes(`log:${name}`))),
      );
      expect(results.map((r) => r.logs?.output)).toEqual(
        names.map((name) => `out:${name}\nerr:${name}\n`),
      );
    });

    it("comes with the error of a guest that crashed, and its tail in the message", async () => {
      const err = await expectRomaError(
        roma.execute(withLogs, bytes("crash:out-of-cheese")),
        "GUEST_CRASHED",
        "exited with code 3",
        "The guest's last output:\ndying:out-of-cheese",
      );
      expect(err.logs).toEqual({ output: "dying:out-of-cheese\n", truncated: false });
    });

    it("is cut at maxLogBytes, without blocking a guest that writes far more", async () => {
      const result = await roma.executeWithMetrics(withLogs, bytes("flood:3000000"), {
        timeoutMs: 20_000,
      });
      expect(text(result.response)).toBe("ok");
      const alphabet = "abcdefghijklmnopqrstuvwxyz".repeat(40).slice(0, 1000);
      expect(result.logs).toEqual({ output: alphabet, truncated: true });
    });

    it("refuses a logs option that is not a boolean", async () => {
      await expectRomaError(
        roma.loadBinary(fixtures.logger, { logs: "yes" as unknown as boolean }),
        "INVALID_ARGUMENT",
        'logs must be true or false, got "yes"',
      );
    });
  });
}
