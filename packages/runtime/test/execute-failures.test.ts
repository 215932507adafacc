import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { bytes, expectRomaError, run, text, timed } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();
const MAX_RESPONSE = 1024;
const MAX_REQUEST = 4096;

// Every way a guest can fail one call, in both modes: the exact code, a message that names
// what happened, and the next good call on the same token still answers.
for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`execute failures (${mode})`, () => {
    let roma: RomaService;
    let token: CodeToken;

    beforeAll(async () => {
      roma = await RomaService.create({
        mode,
        libraryDirs: [],
        maxResponseBytes: MAX_RESPONSE,
        maxRequestBytes: MAX_REQUEST,
      });
      token = await roma.loadBinary(fixtures.behave, { workers: 2 });
    });

    afterAll(async () => {
      await roma?.close();
    });

    async function stillServes(): Promise<void> {
      const nonce = `after-${Math.random().toString(36).slice(2)}`;
      expect(await run(roma, token, `echo:${nonce}`, { timeoutMs: 10_000 })).toBe(nonce);
    }

    it("answers a good request", async () => {
      expect(await run(roma, token, "echo:hi")).toBe("hi");
      expect(await run(roma, token, "echo:")).toBe("");
    });

    it("reports a non-zero exit before answering as GUEST_CRASHED with the exit code", async () => {
      const err = await expectRomaError(
        roma.execute(token, bytes("exit:7")),
        "GUEST_CRASHED",
        /\b7\b/,
      );
      expect(err.exitCode).toBe(7);
      expect(err.codeToken).toBe(token);
      await stillServes();
    });

    it("reports abort() as GUEST_CRASHED with SIGABRT", async () => {
      const err = await expectRomaError(
        roma.execute(token, bytes("abort")),
        "GUEST_CRASHED",
        "SIGABRT",
      );
      expect(err.signal).toBe("SIGABRT");
      await stillServes();
    });

    it("reports a segfault as GUEST_CRASHED with SIGSEGV", async () => {
      const err = await expectRomaError(
        roma.execute(token, bytes("segv")),
        "GUEST_CRASHED",
        "SIGSEGV",
      );
      expect(err.signal).toBe("SIGSEGV");
      await stillServes();
    });

    it("reports exit 0 without an answer as NO_RESPONSE", async () => {
      await expectRomaError(roma.execute(token, bytes("noanswer")), "NO_RESPONSE");
      await stillServes();
    });

    it("reports an answer cut short as MALFORMED_RESPONSE", async () => {
      // The guest claims 100 bytes, writes 10 and exits 0.
      await expectRomaError(
        roma.execute(token, bytes("truncate")),
        "MALFORMED_RESPONSE",
        /truncated/,
      );
      await stillServes();
    });

    it("rejects a length prefix over the cap as RESPONSE_TOO_LARGE, from the prefix alone", async () => {
      // The guest claims 1 TiB and then stalls for 5 s: only a check of the prefix answers
      // promptly, and nothing of that size may be allocated.
      const { ms, result } = await timed(
        expectRomaError(
          roma.execute(token, bytes("huge"), { timeoutMs: 4000 }),
          "RESPONSE_TOO_LARGE",
          String(MAX_RESPONSE),
          String(2 ** 40),
        ),
      );
      if (result.status === "rejected") throw result.reason;
      expect(ms).toBeLessThan(2500);
      await stillServes();
    });

    it("accepts a response of exactly the cap and refuses one byte more", async () => {
      const exact = await roma.execute(token, bytes(`big:${MAX_RESPONSE}`));
      expect(exact.length).toBe(MAX_RESPONSE);
      expect(text(exact.subarray(0, 28))).toBe("abcdefghijklmnopqrstuvwxyzab");
      await expectRomaError(
        roma.execute(token, bytes(`big:${MAX_RESPONSE + 1}`)),
        "RESPONSE_TOO_LARGE",
        String(MAX_RESPONSE),
      );
      await stillServes();
    });

    it("kills a guest past its deadline with DEADLINE_EXCEEDED, promptly", async () => {
      const { ms, result } = await timed(
        expectRomaError(
          roma.execute(token, bytes("sleep:8000"), { timeoutMs: 300 }),
          "DEADLINE_EXCEEDED",
          /deadline/,
        ),
      );
      if (result.status === "rejected") throw result.reason;
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(2000);
      await stillServes();
    });

    it("ends an aborted call with CANCELLED, promptly", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const { ms, result } = await timed(
        expectRomaError(
          roma.execute(token, bytes("sleep:8000"), {
            signal: controller.signal,
            timeoutMs: 20_000,
          }),
          "CANCELLED",
        ),
      );
      if (result.status === "rejected") throw result.reason;
      expect(ms).toBeLessThan(2000);
      await stillServes();
    });

    it("refuses a call whose signal is already aborted with CANCELLED", async () => {
      await expectRomaError(
        roma.execute(token, bytes("echo:never"), { signal: AbortSignal.abort() }),
        "CANCELLED",
      );
      await stillServes();
    });

    it("refuses a request over maxRequestBytes with REQUEST_TOO_LARGE and sends nothing", async () => {
      const request = new Uint8Array(MAX_REQUEST + 1).fill(0x41);
      await expectRomaError(roma.execute(token, request), "REQUEST_TOO_LARGE", String(MAX_REQUEST));
      await stillServes();
    });

    it("frames a request of exactly maxRequestBytes (a multi-byte varint) intact", async () => {
      const payload = "x".repeat(MAX_REQUEST - 4);
      let sum = 0;
      for (let i = 0; i < payload.length; i++)
        sum = (Math.imul(sum, 31) + payload.charCodeAt(i)) >>> 0;
      expect(await run(roma, token, `len:${payload}`)).toBe(`len:${payload.length} sum:${sum}`);
    });

    it("counts an answer written before a non-zero exit", async () => {
      expect(await run(roma, token, "answer-then-exit:3")).toBe("answered");
      await stillServes();
    });

    it("counts an answer written before abort()", async () => {
      expect(await run(roma, token, "answer-then-abort")).toBe("answered");
      await stillServes();
    });

    it("does not block a guest that logs a lot to stdout and stderr", async () => {
      expect(await run(roma, token, "stdout:2000000", { timeoutMs: 20_000 })).toBe("logged");
    });

    it("refills the pool after a run of crashes", async () => {
      for (let i = 0; i < 6; i++) {
        await expectRomaError(roma.execute(token, bytes(`exit:${10 + i}`)), "GUEST_CRASHED");
      }
      await stillServes();
    });

    it("rejects an unknown code token with NOT_FOUND naming it", async () => {
      await expectRomaError(
        roma.execute("no-such-token", bytes("echo:x")),
        "NOT_FOUND",
        "no-such-token",
      );
    });

    it("rejects a deleted code token with NOT_FOUND", async () => {
      const other = await roma.loadBinary(fixtures.behave, { workers: 1 });
      expect(await run(roma, other, "echo:before")).toBe("before");
      await roma.delete(other);
      await expectRomaError(roma.execute(other, bytes("echo:x")), "NOT_FOUND", other);
      await stillServes();
    });

    it("reports per-call metrics", async () => {
      // Give the pool time to be fully warm: a call then never waits for a spawn.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { response, metrics } = await roma.executeWithMetrics(token, bytes("echo:m"));
      expect(text(response)).toBe("m");
      for (const value of [metrics.waitMs, metrics.sendMs, metrics.responseMs]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(value)).toBe(true);
      }
      expect(metrics.waitMs).toBeLessThan(50);
      expect(metrics.readyWorkers).toBeGreaterThanOrEqual(0);
      expect(metrics.readyWorkers).toBeLessThanOrEqual(2);
    });
  });
}
