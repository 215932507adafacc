import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, run, sampleDir } from "./helpers/repo.js";

// The committed examples/sample/gen must be exactly what `npm run generate` writes now
// (as protobuf-es checks its example): regenerated with the root buf.yaml and
// buf.gen.yaml in a copy of the repo's layout, then compared byte for byte.
const work = mkdtempSync(join(tmpdir(), "roma-drift-"));
const freshGen = join(work, "examples/sample/gen");
const committedGen = join(sampleDir, "gen");
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(join(repoRoot, "packages/protoc-gen-roma/dist/run-node.js"))) {
    throw new Error("protoc-gen-roma is not built: run npm run build first (npm test does)");
  }
  run("sh", [join(repoRoot, "scripts/install-protoc-gen-go.sh")], repoRoot);
  for (const file of ["buf.yaml", "buf.gen.yaml"])
    copyFileSync(join(repoRoot, file), join(work, file));
  for (const dir of ["node_modules", ".tools", "packages"])
    symlinkSync(join(repoRoot, dir), join(work, dir));
  cpSync(join(sampleDir, "proto"), join(work, "examples/sample/proto"), { recursive: true });
  run("buf", ["generate"], work);
}, 120_000);

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Where two texts first differ, as "line L col C: <committed> ≠ <fresh>", 40 chars each. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split("\n");
  const b = fresh.split("\n");
  const found = a.findIndex((line, i) => line !== b[i]);
  const line = found < 0 ? a.length : found;
  const [x, y] = [a[line] ?? "", b[line] ?? ""];
  let col = 0;
  while (col < x.length && x[col] === y[col]) col++;
  const near = (text: string) => JSON.stringify(text.slice(Math.max(col - 10, 0), col + 30));
  return `line ${line + 1} col ${col + 1}: ${near(x)} ≠ ${near(y)}`;
}

describe("examples/sample/gen", () => {
  it("holds the files buf generate writes, no more, no fewer", () => {
    expect(files(committedGen)).toEqual(files(freshGen));
  });

  it("equals what buf generate writes now, byte for byte (else run npm run generate)", () => {
    const drifted = files(freshGen)
      .filter((name) => existsSync(join(committedGen, name)))
      .filter(
        (name) =>
          !readFileSync(join(committedGen, name)).equals(readFileSync(join(freshGen, name))),
      )
      .map(
        (name) =>
          `${name}: ${firstDifference(readFileSync(join(committedGen, name), "utf8"), readFileSync(join(freshGen, name), "utf8"))}`,
      );
    expect(drifted).toEqual([]);
  });
});
