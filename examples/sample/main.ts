// The sample app: starts a RomaService (gVisor by default), registers the C++ and Go
// UDFs that build-udfs.sh built, calls every rpc of SampleService on each through the
// generated SampleServiceClient, prints the answers with their latency, and exits 0 only
// when every answer is right and the two languages agree.
//
//   node dist/main.js [--mode gvisor|minimal] [--build-dir <dir>] [--workers <n>] [--rounds <n>]
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { SandboxMode } from "@roma-ts/runtime";
import { formatReport } from "./format-report.js";
import { SampleServiceClient } from "./gen/sample_roma.js";
import { runSample } from "./run-sample.js";
import { languages, registerUdfs, udfPath, udfRpcs } from "./sample-udfs.js";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "gvisor" },
    // main.js runs from dist/; build-udfs.sh writes to build/ beside it.
    "build-dir": { type: "string", default: resolve(import.meta.dirname, "..", "build") },
    workers: { type: "string", default: "1" },
    rounds: { type: "string", default: "3" },
  },
});
const mode = values.mode as SandboxMode;
if (mode !== "gvisor" && mode !== "minimal") {
  console.error(`--mode must be gvisor or minimal, not ${JSON.stringify(values.mode)}`);
  process.exit(2);
}
const workers = Number(values.workers);
const rounds = Number(values.rounds);
for (const [name, value] of [
  ["workers", workers],
  ["rounds", rounds],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1, not ${values[name]}`);
    process.exit(2);
  }
}
const buildDir = values["build-dir"];
const missing = languages
  .flatMap(({ name }) => udfRpcs.map((rpc) => udfPath(buildDir, name, rpc)))
  .filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(
    `The UDFs are not built (no ${missing[0]}). Build them with: sh examples/sample/build-udfs.sh`,
  );
  process.exit(1);
}

const since = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
let start = performance.now();
// The UDFs are static binaries: no library dirs need mounting into the workers' roots.
const client = await SampleServiceClient.create({ mode, libraryDirs: [] });
let ok = false;
try {
  console.log(`Sandbox: ${client.roma.info.sandbox}, up in ${since(start)}`);
  start = performance.now();
  const tokens = await registerUdfs(client, buildDir, { workers });
  console.log(
    `Registered ${udfRpcs.length} UDFs in each of ${languages.map((l) => l.name).join(" and ")} ` +
      `(one static binary per rpc, ${workers} pre-warmed worker${workers === 1 ? "" : "s"} each) in ${since(start)}`,
  );
  console.log(
    `Each call is made ${rounds} time${rounds === 1 ? "" : "s"} on each language, one at a time, 50 ms apart, so a\n` +
      "pre-warmed worker is waiting for it (every request gets a fresh process). Shown: the\n" +
      "median latency of the typed call: serialize, execute in the sandbox, parse.\n",
  );
  const report = await runSample(client, tokens, { rounds });
  console.log(formatReport(report));
  ok = report.ok;
} finally {
  await client.close();
}
process.exitCode = ok ? 0 : 1;
