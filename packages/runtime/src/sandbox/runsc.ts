import { spawnSync } from "node:child_process";
import {
  accessSync,
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** How to get runsc on this machine, for error messages. */
export const RUNSC_INSTALL_HINT =
  'install gVisor (Debian/Ubuntu: sudo apt-get install runsc), or use mode: "minimal" to run without gVisor';

/** Finds runsc: the configured path, else on PATH. Undefined when absent. */
export function findRunsc(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [configured]
    : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "runsc"));
  for (const path of [
    ...candidates,
    ...(configured ? [] : ["/usr/sbin/runsc", "/usr/bin/runsc"]),
  ]) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

/**
 * kvm when it works here (much faster syscalls), else ptrace, which works anywhere.
 * /dev/kvm can exist and still hang runsc (nested virtualization), so kvm is tried once
 * per boot with a short bound, and the answer is kept in the temp dir.
 */
export function defaultPlatform(runsc: string): string {
  try {
    closeSync(openSync("/dev/kvm", "r+"));
  } catch {
    return "ptrace";
  }
  const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  const cache = join(tmpdir(), `roma-kvm-probe-${bootId}.json`);
  try {
    const saved = JSON.parse(readFileSync(cache, "utf8")) as { runsc: string; kvm: boolean };
    if (saved.runsc === runsc) return saved.kvm ? "kvm" : "ptrace";
  } catch {}
  // runsc do leaves its scratch dirs behind when it is killed: give it one to lose.
  const scratch = mkdtempSync(join(tmpdir(), "roma-kvm-probe-"));
  const probe = spawnSync(runsc, ["--platform=kvm", "--network=none", "do", "/bin/true"], {
    stdio: "ignore",
    timeout: 3000,
    killSignal: "SIGKILL",
    env: { ...process.env, TMPDIR: scratch },
  });
  rmSync(scratch, { recursive: true, force: true });
  const kvm = probe.status === 0;
  try {
    writeFileSync(cache, JSON.stringify({ runsc, kvm }));
  } catch {}
  return kvm ? "kvm" : "ptrace";
}

/** Container ids in runsc's default state root. */
export function listContainers(runsc: string): string[] {
  const out = spawnSync(runsc, ["list", "-quiet"], { encoding: "utf8", timeout: 10_000 });
  if (out.status !== 0) return [];
  return out.stdout.split("\n").filter(Boolean);
}

/** Kills and removes a container; quiet when it is already gone. */
export function deleteContainerSync(runsc: string, id: string): void {
  spawnSync(runsc, ["delete", "-force", id], { stdio: "ignore", timeout: 10_000 });
}
