import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { bytes, expectRomaError, run, timed } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`worker limits (${mode})`, () => {
    let roma: RomaService;
    let limited: CodeToken;
    let unlimited: CodeToken;

    beforeAll(async () => {
      roma = await RomaService.create({ mode, libraryDirs: [] });
      [limited, unlimited] = await Promise.all([
        roma.loadBinary(fixtures.behave, {
          workers: 1,
          limits: { memoryBytes: 64 << 20, openFiles: 16, processes: 8, cpuSeconds: 1 },
        }),
        roma.loadBinary(fixtures.behave, { workers: 1 }),
      ]);
    });

    afterAll(async () => {
      await roma?.close();
    });

    it("bounds memory (address space)", async () => {
      expect(await run(roma, limited, "alloc:8")).toBe("alloc-ok");
      expect(await run(roma, limited, "alloc:256")).toBe("alloc-fail");
      expect(await run(roma, unlimited, "alloc:256", { timeoutMs: 20_000 })).toBe("alloc-ok");
    });

    it("bounds open files", async () => {
      const opened = Number((await run(roma, limited, "open-many")).replace("opened:", ""));
      expect(opened).toBeGreaterThan(0);
      expect(opened).toBeLessThan(16);
      const free = Number((await run(roma, unlimited, "open-many")).replace("opened:", ""));
      expect(free).toBeGreaterThan(16);
    });

    it("bounds processes", async () => {
      const forked = Number((await run(roma, limited, "fork-many")).replace("forked:", ""));
      // RLIMIT_NPROC counts per uid, and kernels differ on which of the worker's own
      // processes (its init, the guest) they count: gVisor lets exactly 8 children start.
      expect(forked).toBeLessThanOrEqual(8);
      const free = Number(
        (await run(roma, unlimited, "fork-many", { timeoutMs: 20_000 })).replace("forked:", ""),
      );
      expect(free).toBeGreaterThan(8);
    });

    it("stops a guest past its CPU time with GUEST_CRASHED", async () => {
      const { ms, result } = await timed(
        expectRomaError(
          roma.execute(limited, bytes("spin"), { timeoutMs: 20_000 }),
          "GUEST_CRASHED",
        ),
      );
      if (result.status === "rejected") throw result.reason;
      expect(["SIGXCPU", "SIGKILL"]).toContain(result.value.signal);
      expect(ms).toBeLessThan(10_000);
      expect(await run(roma, limited, "echo:recovered")).toBe("recovered");
    });

    it.each([
      ["memoryBytes", { memoryBytes: -1 }],
      ["openFiles", { openFiles: 1.5 }],
      ["cpuSeconds", { cpuSeconds: 0 }],
    ] as const)("rejects a bad %s with INVALID_ARGUMENT naming it", async (name, limits) => {
      await expectRomaError(
        roma.loadBinary(fixtures.behave, { workers: 1, limits }),
        "INVALID_ARGUMENT",
        name,
      );
    });
  });
}
