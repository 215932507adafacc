import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaError, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { bytes, expectRomaError, run, timed } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`concurrency and lifecycle of tokens (${mode})`, () => {
    let roma: RomaService;
    let token: CodeToken;

    beforeAll(async () => {
      // Under gVisor a fresh process costs 10-30 ms, so 200 calls over 4 workers take
      // seconds: give waiting for a worker room on a busy 2-core machine.
      roma = await RomaService.create({ mode, libraryDirs: [], workerWaitMs: 60_000 });
      token = await roma.loadBinary(fixtures.behave, { workers: 4 });
    });

    afterAll(async () => {
      await roma?.close();
    });

    it("answers 200 concurrent calls over 4 workers, each with its own answer", async () => {
      const requests = Array.from(
        { length: 200 },
        (_, i) => `req-${i}-${randomBytes(8).toString("hex")}`,
      );
      const answers = await Promise.all(
        requests.map((request) => run(roma, token, `echo:${request}`, { timeoutMs: 90_000 })),
      );
      expect(answers).toEqual(requests);
    }, 120_000);

    it("carries a 1 MiB request and a 2 MiB response intact", async () => {
      const payload = randomBytes(1 << 20)
        .toString("base64url")
        .slice(0, 1 << 20);
      let sum = 0;
      for (let i = 0; i < payload.length; i++)
        sum = (Math.imul(sum, 31) + payload.charCodeAt(i)) >>> 0;
      expect(await run(roma, token, `len:${payload}`, { timeoutMs: 30_000 })).toBe(
        `len:${payload.length} sum:${sum}`,
      );
      const big = await roma.execute(token, bytes(`big:${2 << 20}`), { timeoutMs: 30_000 });
      expect(big.length).toBe(2 << 20);
      // The guest writes byte i as 'a' + i % 26: check both ends and the middle.
      for (const i of [0, 25, 26, 1 << 20, (2 << 20) - 1]) expect(big[i]).toBe(97 + (i % 26));
    });

    it("ends a running call when its token is deleted, and new loads still work", async () => {
      const doomed = await roma.loadBinary(fixtures.behave, { workers: 1 });
      const running = roma.execute(doomed, bytes("sleep:8000"), { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await roma.delete(doomed);
      const { ms, result } = await timed(running);
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(RomaError);
      expect(["NOT_FOUND", "CANCELLED"]).toContain((reason as RomaError).code);
      expect(ms).toBeLessThan(2000);

      await expectRomaError(roma.execute(doomed, bytes("echo:x")), "NOT_FOUND");
      const fresh = await roma.loadBinary(fixtures.behave, { workers: 1 });
      expect(await run(roma, fresh, "echo:fresh")).toBe("fresh");
      expect(await run(roma, token, "echo:others unharmed")).toBe("others unharmed");
      await roma.delete(fresh);
    });

    it("ends calls still waiting for a worker when their token is deleted", async () => {
      const doomed = await roma.loadBinary(fixtures.behave, { workers: 1 });
      const calls = Array.from({ length: 4 }, () =>
        roma.execute(doomed, bytes("sleep:8000"), { timeoutMs: 30_000 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await roma.delete(doomed);
      const { ms, result } = await timed(Promise.allSettled(calls));
      expect(ms).toBeLessThan(3000);
      const settled = (result as PromiseFulfilledResult<PromiseSettledResult<Uint8Array>[]>).value;
      for (const outcome of settled) {
        expect(outcome.status).toBe("rejected");
        const reason = (outcome as PromiseRejectedResult).reason as RomaError;
        expect(reason).toBeInstanceOf(RomaError);
        expect(["NOT_FOUND", "CANCELLED"]).toContain(reason.code);
      }
    });

    it("keeps serving other calls while one guest sleeps", async () => {
      const slow = run(roma, token, "sleep:1500", { timeoutMs: 10_000 });
      const quick = await Promise.all(
        Array.from({ length: 6 }, (_, i) => run(roma, token, `echo:q${i}`, { timeoutMs: 10_000 })),
      );
      expect(quick).toEqual(["q0", "q1", "q2", "q3", "q4", "q5"]);
      expect(await slow).toBe("slept");
    });
  });

  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`waiting for a worker (${mode})`, () => {
    let roma: RomaService;

    beforeAll(async () => {
      // A bound of 1 ms: a call finding no ready worker cannot wait out a spawn.
      roma = await RomaService.create({ mode, libraryDirs: [], workerWaitMs: 1 });
    });

    afterAll(async () => {
      await roma?.close();
    });

    it("fails calls that find no ready worker within workerWaitMs with WORKER_UNAVAILABLE", async () => {
      const token = await roma.loadBinary(fixtures.behave, { workers: 1 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          roma.execute(token, bytes("sleep:200"), { timeoutMs: 10_000 }),
        ),
      );
      const failures = outcomes.filter((o) => o.status === "rejected");
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        const reason = (failure as PromiseRejectedResult).reason as RomaError;
        expect(reason).toBeInstanceOf(RomaError);
        expect(`${reason.code}: ${reason.message}`).toMatch(/^WORKER_UNAVAILABLE: .*workerWaitMs/);
      }
      // Once the pool has refilled, calls succeed again.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await run(roma, token, "echo:ok")).toBe("ok");
    });
  });
}
