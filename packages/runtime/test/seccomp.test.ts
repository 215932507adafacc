import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { run } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`the guest's seccomp filter (${mode})`, () => {
    let roma: RomaService;
    let token: CodeToken;

    beforeAll(async () => {
      roma = await RomaService.create({ mode, libraryDirs: [] });
      token = await roma.loadBinary(fixtures.escape, { workers: 2 });
    });

    afterAll(async () => {
      await roma?.close();
    });

    it.each([
      ["unshare-user", "EPERM"],
      ["unshare-net", "EPERM"],
      ["clone-newuser", "EPERM"],
      ["ptrace", "EPERM"],
      ["bpf", "EPERM"],
      ["keyctl", "EPERM"],
      ["perf", "EPERM"],
    ])("denies %s with %s", async (attempt, errno) => {
      expect(await run(roma, token, attempt)).toBe(errno);
    });

    it("answers clone3 with ENOSYS, so libc falls back to clone, whose flags it checks", async () => {
      expect(await run(roma, token, "clone3")).toBe("ENOSYS");
    });

    it("still lets a guest fork a child and start a thread", async () => {
      expect(await run(roma, token, "fork")).toBe("child:7");
      expect(await run(roma, token, "thread")).toBe("thread:ok");
    });
  });
}
