import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot, repoRoot } from "./helpers/paths.js";
import { generateSample, linkNodeModules } from "./helpers/sample-build.js";

const tree = generateSample({ es: true });
afterAll(() => rmSync(tree.dir, { recursive: true, force: true }));

describe("generated TypeScript client", () => {
  it("typechecks beside protoc-gen-es's output under the repo's strict NodeNext settings", () => {
    linkNodeModules(tree.dir);
    symlinkSync(resolve(repoRoot, "node_modules/@types"), join(tree.dir, "node_modules/@types"));
    copyFileSync(join(packageRoot, "fixtures/sample-app.ts"), join(tree.dir, "app.ts"));
    writeFileSync(join(tree.dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(tree.dir, "tsconfig.json"),
      JSON.stringify({
        extends: resolve(repoRoot, "tsconfig.base.json"),
        compilerOptions: { noEmit: true },
        include: ["app.ts", "gen/**/*.ts"],
      }),
    );
    const tsc = resolve(repoRoot, "node_modules/typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", tree.dir], { stdio: "pipe" });
    } catch (e) {
      output = String((e as { stdout?: Buffer }).stdout);
    }
    expect(output).toBe("");
  });
});
