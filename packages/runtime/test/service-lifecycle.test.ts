import { spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import {
  bytes,
  descendantsOf,
  eventually,
  expectRomaError,
  processAlive,
  processesMentioning,
  run,
  runscContainers,
} from "./helpers/roma-helpers.js";
import { hasRunsc, modes, skipGvisor, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();
const distEntry = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");
const signalExitEntry = createRequire(import.meta.url).resolve("signal-exit");
const signalExitDir = signalExitEntry.slice(
  0,
  signalExitEntry.lastIndexOf("/node_modules/signal-exit/") + "/node_modules/signal-exit".length,
);

/** The pid of the sandbox (runsc) or launcher process, whatever `info` calls it. */
function sandboxPid(roma: RomaService): number | undefined {
  const info = roma.info as unknown as Record<string, unknown>;
  const pid = info.sandboxPid ?? info.launcherPid;
  return typeof pid === "number" ? pid : undefined;
}

/** Runs a Node ESM script in a child process; resolves with its stdout and exit code. */
function runNode(
  script: string,
  options: { uid?: number; gid?: number; onLine?: (line: string) => void } = {},
): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number | undefined;
  kill: (signal: NodeJS.Signals) => void;
} {
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: "/",
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (options.onLine) for (const line of chunk.split("\n")) if (line) options.onLine(line);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { done, pid: child.pid, kill: (signal) => child.kill(signal) };
}

describe("create failures", () => {
  it("names the fix when runsc is missing: the install command, or minimal mode", async () => {
    const err = await expectRomaError(
      RomaService.create({ mode: "gvisor", runscPath: "/nonexistent/runsc" }),
      "SANDBOX_UNAVAILABLE",
      "/nonexistent/runsc",
      "apt-get install runsc",
      'mode: "minimal"',
    );
    expect(err.step).toBe("create");
  });

  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  it.skipIf(skipGvisor)("passes on runsc's own reason when the sandbox cannot start", async () => {
    await expectRomaError(
      RomaService.create({ mode: "gvisor", platform: "bogus" }),
      "SANDBOX_UNAVAILABLE",
      "unknown platform: bogus",
      'mode: "minimal"',
    );
  });

  it.each(modes)(
    "refuses to start without root in %s mode with PERMISSION_DENIED",
    async (mode) => {
      if (mode === "gvisor" && skipGvisor) return;
      expect(existsSync(distEntry), `build the package first: ${distEntry} is missing`).toBe(true);
      // uid 65534 may not be able to read the checkout (a clone under a 0700 dir): give it
      // a world-readable copy of the built package...
      const copy = mkdtempSync(join(tmpdir(), "roma-dist-copy-"));
      chmodSync(copy, 0o755);
      cpSync(dirname(distEntry), copy, { recursive: true });
      // ...with its one runtime dependency that RomaService imports, where Node finds it.
      cpSync(signalExitDir, join(copy, "node_modules", "signal-exit"), { recursive: true });
      onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
      const entry = join(copy, "roma-service.js");
      const script = `
      import { RomaService } from ${JSON.stringify(pathToFileURL(entry).href)};
      try {
        const roma = await RomaService.create({ mode: ${JSON.stringify(mode)} });
        await roma.close();
        console.log(JSON.stringify({ ok: true }));
      } catch (err) {
        console.log(JSON.stringify({ code: err.code, message: err.message, name: err.name }));
      }`;
      const { code, stdout, stderr } = await runNode(script, { uid: 65534, gid: 65534 }).done;
      expect(code, stderr).toBe(0);
      const outcome = JSON.parse(stdout.trim()) as {
        code?: string;
        message?: string;
        name?: string;
      };
      expect(outcome.name).toBe("RomaError");
      expect(outcome.code, outcome.message).toBe("PERMISSION_DENIED");
      expect(outcome.message).toMatch(/root/i);
    },
  );
});

for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`service lifecycle (${mode})`, () => {
    it("close() leaves no container, no process and no temp dir; a new service then works", async () => {
      const roma = await RomaService.create({ mode, libraryDirs: [] });
      const { containerId, tempDir } = roma.info;
      const pid = sandboxPid(roma);
      expect(roma.info.mode).toBe(mode);
      expect(existsSync(tempDir)).toBe(true);
      if (mode === "gvisor") {
        expect(containerId).toBeTruthy();
        expect(runscContainers()).toContain(containerId);
      }
      const token = await roma.loadBinary(fixtures.behave, { workers: 3 });
      expect(await run(roma, token, "echo:one")).toBe("one");
      // A worker busy at close time, and one that left a child behind.
      const busy = roma.execute(token, bytes("sleep:8000"), { timeoutMs: 20_000 });
      busy.catch(() => {});
      expect(await run(roma, token, "fork-linger")).toMatch(/^forked:/);
      expect(processesMentioning(tempDir).length).toBeGreaterThan(0);
      // The launcher's (or runsc's) process tree: in minimal mode it holds every worker.
      const tree = pid === undefined ? [] : descendantsOf(pid);
      expect(tree.length).toBeGreaterThan(0);

      await roma.close();

      await expectRomaError(busy, "CLOSED");
      expect(existsSync(tempDir)).toBe(false);
      if (containerId) expect(runscContainers()).not.toContain(containerId);
      // Workers of a gVisor sandbox are not host processes; the launcher and runsc are.
      await eventually(
        () => processesMentioning(tempDir).length === 0 && !tree.some(processAlive),
        3000,
      );
      expect(processesMentioning(tempDir)).toEqual([]);
      if (containerId) expect(processesMentioning(containerId)).toEqual([]);
      if (pid !== undefined) expect(processAlive(pid)).toBe(false);
      expect(tree.filter(processAlive)).toEqual([]);

      await expectRomaError(roma.execute(token, bytes("echo:x")), "CLOSED");
      await expectRomaError(roma.loadBinary(fixtures.behave, { workers: 1 }), "CLOSED");
      await roma.close(); // a second close is harmless

      const second = await RomaService.create({ mode, libraryDirs: [] });
      try {
        expect(second.info.tempDir).not.toBe(tempDir);
        const again = await second.loadBinary(fixtures.hello, { workers: 1 });
        expect(await run(second, again, "again")).toBe("hello, again");
      } finally {
        await second.close();
      }
    });

    it("two services run side by side, each with its own sandbox", async () => {
      const [a, b] = await Promise.all([
        RomaService.create({ mode, libraryDirs: [] }),
        RomaService.create({ mode, libraryDirs: [] }),
      ]);
      try {
        expect(a.info.tempDir).not.toBe(b.info.tempDir);
        if (mode === "gvisor") expect(a.info.containerId).not.toBe(b.info.containerId);
        const [ta, tb] = await Promise.all([
          a.loadBinary(fixtures.hello, { workers: 1 }),
          b.loadBinary(fixtures.behave, { workers: 1 }),
        ]);
        await expectRomaError(a.execute(tb, bytes("echo:x")), "NOT_FOUND");
        expect(await run(a, ta, "a")).toBe("hello, a");
        expect(await run(b, tb, "echo:b")).toBe("b");
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("supports await using", async () => {
      let tempDir: string;
      {
        await using roma = await RomaService.create({ mode, libraryDirs: [] });
        tempDir = roma.info.tempDir;
        const token = await roma.loadBinary(fixtures.hello, { workers: 1 });
        expect(await run(roma, token, "scoped")).toBe("hello, scoped");
      }
      expect(existsSync(tempDir)).toBe(false);
    });

    it("starts cleanly after an earlier process died without closing, and clears its leftovers", async () => {
      const script = `
        import { RomaService } from ${JSON.stringify(pathToFileURL(distEntry).href)};
        const roma = await RomaService.create({ mode: ${JSON.stringify(mode)}, libraryDirs: [] });
        await roma.loadBinary(${JSON.stringify(fixtures.behave)}, { workers: 2 });
        console.log(JSON.stringify(roma.info));
        setInterval(() => {}, 1000);`;
      let reportInfo: (info: { tempDir: string; containerId?: string }) => void = () => {};
      const infoLine = new Promise<{ tempDir: string; containerId?: string }>((resolve) => {
        reportInfo = resolve;
      });
      const child = runNode(script, {
        onLine: (line) => {
          if (line.startsWith("{")) reportInfo(JSON.parse(line));
        },
      });
      const info = await Promise.race([
        infoLine,
        child.done.then(({ code, stderr }) => {
          throw new Error(`the child exited (${code}) before it was up: ${stderr}`);
        }),
      ]);
      child.kill("SIGKILL");
      await child.done;
      expect(existsSync(info.tempDir)).toBe(true);

      const roma = await RomaService.create({ mode, libraryDirs: [] });
      try {
        const token = await roma.loadBinary(fixtures.hello, { workers: 1 });
        expect(await run(roma, token, "after a crash")).toBe("hello, after a crash");
        expect(
          await eventually(() => processesMentioning(info.tempDir).length === 0, 5000),
          `left running: ${processesMentioning(info.tempDir).join("; ")}`,
        ).toBe(true);
        expect(existsSync(info.tempDir)).toBe(false);
        if (info.containerId && hasRunsc) expect(runscContainers()).not.toContain(info.containerId);
      } finally {
        await roma.close();
      }
    });
  });
}
