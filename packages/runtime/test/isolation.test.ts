import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeToken, RomaService } from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { run } from "./helpers/roma-helpers.js";
import { modes, skipMode } from "./helpers/sandbox-modes.js";

const fixtures = buildFixtures();

// What an untrusted guest can see and do, probed from inside by behave.c. The same
// walls are expected in both modes, except the kernel itself (gVisor's only in "gvisor").
for (const mode of modes) {
  // Skipped only on a developer machine without runsc; see helpers/sandbox-modes.ts.
  describe.skipIf(skipMode(mode))(`isolation (${mode})`, () => {
    let roma: RomaService;
    let token: CodeToken;
    let scratch: string;
    const probe = (command: string) => run(roma, token, command, { timeoutMs: 30_000 });

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), "romatest-isolation-"));
      // The default library dirs: the walks below then also cover the library mounts.
      roma = await RomaService.create({ mode });
      token = await roma.loadBinary(fixtures.behave, { workers: 2 });
    });

    afterAll(async () => {
      await roma?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("cannot read a file the host created outside the mounts", async () => {
      const secret = join(scratch, "secret.txt");
      writeFileSync(secret, "host secret");
      expect(await probe(`readfile:${secret}`)).toMatch(/^read-fail:/);
      expect(await probe("readfile:/etc/passwd")).toMatch(/^read-fail:/);
      expect(await probe(`readfile:${roma.info.tempDir}`)).toMatch(/^read-fail:/);
    });

    it("sees a bare root: the binary, /proc and library dirs, nothing of the host", async () => {
      const entries = (await probe("ls:/")).split("\n").filter(Boolean);
      expect(entries).toContain("proc");
      for (const hostOnly of ["etc", "home", "root", "var", "work", "run", "boot", "srv"]) {
        expect(entries).not.toContain(hostOnly);
      }
    });

    it.each(["/x", "/tmp/x", "/proc/x", "/dev/x", "/udf.new", "/lib/x", "/usr/lib/x"])(
      "cannot create %s",
      async (path) => {
        expect(await probe(`create:${path}`)).toMatch(/^create-fail:/);
      },
    );

    it("cannot open its own binary for writing or remove it", async () => {
      expect(await probe("openw:/udf")).toMatch(/^openw-fail:/);
      expect(await probe("unlink:/udf")).toMatch(/^unlink-fail:/);
      expect(await probe("echo:still here")).toBe("still here");
    });

    it("cannot create a file or directory anywhere under /", async () => {
      const report = await probe("write-probe");
      expect(report).toMatch(/visited:[1-9]\d*$/);
      expect(report.split("\n").filter((line) => !line.startsWith("visited:"))).toEqual([]);
    });

    it("finds no socket file by walking /", async () => {
      const report = await probe("find-sockets");
      expect(report).toMatch(/visited:[1-9]\d*$/);
      expect(report.split("\n").filter((line) => line.startsWith("socket:"))).toEqual([]);
    });

    it("cannot connect to a TCP server on the host's 127.0.0.1", async () => {
      let connections = 0;
      const server: Server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as { port: number };
        expect(await probe(`connect:${port}`)).toMatch(/^connect-fail:/);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(connections).toBe(0);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("runs in its own pid namespace, alone but for the namespace's init", async () => {
      // The guest may be PID 1 itself, or PID 2 under a small init (a namespace's PID 1
      // is shielded from its own signals, which would turn abort() into SIGSEGV).
      const pid = Number((await probe("getpid")).replace(/^pid:/, ""));
      expect([1, 2]).toContain(pid);
      const pids = (await probe("pids")).trim().split(" ").map(Number);
      expect(pids.length).toBeLessThanOrEqual(2);
      for (const other of pids) expect([1, 2]).toContain(other);
    });

    it("runs unprivileged, in /, with an empty environment and only its data fd", async () => {
      const who = await probe("whoami");
      const fields = Object.fromEntries(
        who.split(" ").map((kv) => kv.split(":") as [string, string]),
      );
      expect(fields.uid).not.toBe("0");
      expect(fields.euid).not.toBe("0");
      expect(fields.gid).not.toBe("0");
      expect(fields.cwd).toBe("/");
      expect(fields.env).toBe("0");
      expect(Number(fields.argc)).toBeGreaterThanOrEqual(2);
      // Besides the data fd only stdin/stdout/stderr may be open: nothing inherited.
      const fds = (await probe("fds")).split("\n").filter((line) => line && line !== "end");
      for (const line of fds) expect(line).toMatch(/^[012]=/);
    });

    it("has no capabilities", async () => {
      const status = await probe("caps");
      for (const field of ["CapEff", "CapPrm"]) {
        expect(status).toMatch(new RegExp(`^${field}:\\s*0+$`, "m"));
      }
      // Older gVisor has no CapAmb line; where there is one, it must be empty too.
      if (/^CapAmb:/m.test(status)) expect(status).toMatch(/^CapAmb:\s*0+$/m);
      if (/^NoNewPrivs:/m.test(status)) expect(status).toMatch(/^NoNewPrivs:\s*1$/m);
    });

    it("finds nothing a previous request left behind", async () => {
      // The first request leaves what it can: SysV shm, a message queue, a lingering
      // child, a file. The ones after must see none of it.
      const fresh = (await probe("pids")).trim();
      await probe("shm-put");
      const forked = await probe("fork-linger");
      expect(forked).toMatch(/^forked:\d+$/);
      for (let i = 0; i < 3; i++) {
        expect(await probe("shm-get")).toBe("shm:none msg:none file:none");
        expect((await probe("pids")).trim()).toBe(fresh);
      }
    });

    it(`shows ${mode === "gvisor" ? "the gVisor kernel" : "the host kernel"} in /proc/version`, async () => {
      const version = (await probe("proc-version")).replace(/^read-ok:/, "");
      const host = readFileSync("/proc/version", "utf8");
      if (mode === "gvisor") {
        // Newer gVisor names itself; older releases report this fixed, fake 4.4.0 kernel.
        expect(version).toMatch(
          /gVisor|^Linux version 4\.4\.0 #1 SMP Sun Jan 10 15:06:54 PST 2016/,
        );
        expect(version).not.toBe(host);
      } else {
        expect(version).toBe(host);
      }
    });
  });
}
