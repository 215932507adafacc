// A guest under gVisor in a dozen lines: builds the hello-world guest, loads it with two
// pre-warmed workers, asks it three times, prints the answers and the timing.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RomaService } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bench", ".build", "hello");
mkdirSync(dirname(bin), { recursive: true });
execFileSync("cc", ["-O2", "-static", "-o", bin, join(here, "..", "bench", "hello.c")]);

const roma = await RomaService.create({ mode: process.env.ROMA_MODE ?? "gvisor" });
try {
  console.log(`sandbox: ${roma.info.sandbox}`);
  const token = await roma.loadBinary(bin, { workers: 2 });
  for (const name of ["gVisor", "Roma", "TypeScript"]) {
    const { response, metrics } = await roma.executeWithMetrics(token, Buffer.from(name));
    const ms = (metrics.waitMs + metrics.sendMs + metrics.responseMs).toFixed(2);
    console.log(`${Buffer.from(response).toString()}  (${ms} ms)`);
  }
} finally {
  await roma.close();
}
