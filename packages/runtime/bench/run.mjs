// npm run bench: latency and throughput of a hello-world guest under the runtime, in
// both modes, against spawning the same binary per request without any sandbox.
// Ratios are taken within this one run: these machines are noisy.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RomaService } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const modes = (process.env.BENCH_MODES ?? "gvisor,minimal").split(",");

function buildGuest() {
  const out = join(here, ".build");
  mkdirSync(out, { recursive: true });
  const bin = join(out, "hello");
  execFileSync("cc", ["-O2", "-static", "-o", bin, join(here, "hello.c")]);
  return bin;
}

function frame(bytes) {
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** The baseline: a fresh unsandboxed process per request, with child_process. */
function spawnOnce(bin, request, args = ["3"]) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "ignore", "ignore", "pipe"] });
    const sock = child.stdio[3];
    let got = Buffer.alloc(0);
    sock.on("data", (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length === 1) sock.write(frame(request));
      if (got.length > 2 && got.length >= 2 + got[1]) resolve(got.subarray(2));
    });
    child.on("error", reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `n` calls at `concurrency`; optional pause between a runner's calls. */
async function measure(call, n, concurrency, pauseMs = 0) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  const runner = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      const res = await call(i);
      latencies.push(performance.now() - t);
      if (Buffer.from(res).toString() !== `Hello, r${i}`) throw new Error(`wrong answer ${res}`);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  const wall = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: (n / wall) * 1000 };
}

const bin = buildGuest();
const rows = [];
const req = (i) => Buffer.from(`r${i}`);
const spawnCall = (i) => spawnOnce(bin, req(i));
await measure(spawnCall, 20, 1);
rows.push(["spawn per request, no sandbox", "c=1", await measure(spawnCall, requests, 1)]);
rows.push(["spawn per request, no sandbox", "c=8", await measure(spawnCall, requests, 8)]);
// The design's prototype compared against a Node child per request: measured here too.
const nodeGuest = [join(here, "hello-guest.cjs"), "3"];
const nodeCall = (i) => spawnOnce(process.execPath, req(i), nodeGuest);
rows.push(["Node child per request, no sandbox", "c=1", await measure(nodeCall, 50, 1)]);

for (const mode of modes) {
  const roma = await RomaService.create({ mode, libraryDirs: [] });
  try {
    const token = await roma.loadBinary(bin, { workers: 8 });
    const call = (i) => roma.execute(token, req(i));
    await measure(call, 20, 1, 30);
    // Warm: paced so a pre-warmed worker is always waiting, as in a service under normal load.
    rows.push([`${roma.info.sandbox}, warm`, "c=1", await measure(call, requests, 1, 40)]);
    rows.push([`${mode}, back to back`, "c=1", await measure(call, requests, 1)]);
    rows.push([`${mode}, back to back`, "c=8", await measure(call, requests, 8)]);
  } finally {
    await roma.close();
  }
}

const fmt = (x) => x.toFixed(2);
console.log(
  `\n${requests} requests per row; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}); node ${process.version}\n`,
);
console.log("| setup | concurrency | p50 ms | p99 ms | requests/s |");
console.log("| --- | --- | ---: | ---: | ---: |");
for (const [name, c, r] of rows) {
  // Paced rows sleep between calls, so their rate says nothing.
  const rps = name.includes("warm") ? "(paced)" : r.rps.toFixed(0);
  console.log(`| ${name} | ${c} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${rps} |`);
}
const base = rows[0][2].p50;
const nodeBase = rows[2][2].p50;
for (const [name, , r] of rows.slice(3)) {
  if (!name.includes("warm")) continue;
  console.log(
    `\n${name} p50 / same binary spawned unsandboxed p50 = ${(r.p50 / base).toFixed(3)}x`,
  );
  console.log(
    `${name} p50 / Node child spawned unsandboxed p50 = ${(r.p50 / nodeBase).toFixed(3)}x`,
  );
}
