import { describe, expect, it } from "vitest";
import { protocGenRoma } from "../src/plugin.js";
import { codeGeneratorRequest, runPlugin } from "./helpers/protos.js";
import { sampleFiles } from "./helpers/sample-protos.js";

const all = [
  "roma/test/v1/sample_roma.ts",
  "roma/test/v1/sample_roma_udf.h",
  "roma/test/v1/sample_roma_udf.go",
  "roma/test/v1/sample_roma.md",
];

function fileNames(parameter: string): string[] {
  return [...runPlugin(sampleFiles, parameter).keys()].sort();
}

function runError(parameter: string): string {
  try {
    protocGenRoma.run(codeGeneratorRequest(sampleFiles, parameter));
  } catch (e) {
    return String(e instanceof Error ? e.message : e);
  }
  throw new Error(`no error for parameter "${parameter}"`);
}

describe("plugin options", () => {
  it("writes all four outputs by default, TypeScript included", () => {
    expect(fileNames("")).toEqual([...all].sort());
  });

  it("writes only the outputs chosen with outputs=", () => {
    expect(fileNames("outputs=cpp")).toEqual(["roma/test/v1/sample_roma_udf.h"]);
    expect(fileNames("outputs=go+docs")).toEqual([
      "roma/test/v1/sample_roma.md",
      "roma/test/v1/sample_roma_udf.go",
    ]);
  });

  it("accepts protoplugin's standard options with their standard meaning", () => {
    const ts = runPlugin(sampleFiles, "target=ts,import_extension=none,outputs=ts").get(
      "roma/test/v1/sample_roma.ts",
    );
    expect(ts).toContain('from "./sample_pb";');
  });

  it("imports the runtime from runtime_import", () => {
    const ts = runPlugin(sampleFiles, "outputs=ts,runtime_import=@acme/roma").get(
      "roma/test/v1/sample_roma.ts",
    );
    expect(ts).toContain('import { RomaClientBase, RomaService } from "@acme/roma";');
  });

  it("writes the Go guest under the go_package path with go_paths=import", () => {
    expect(fileNames("outputs=go,go_paths=import")).toEqual([
      "example.com/romatest/gen/roma/test/v1/sample_roma_udf.go",
    ]);
  });

  it("rejects unknown options, naming them", () => {
    expect(runError("outputs=ts,frobnicate=1")).toBe(
      'invalid option "frobnicate=1": unknown option; protoc-gen-roma takes outputs, runtime_import, go_paths and protoplugin\'s target, import_extension, js_import_style, ts_nocheck, elide_plugin_version, keep_empty_files, map_imports, rewrite_imports, bootstrap_wkt',
    );
  });

  it("rejects unknown outputs and bad values", () => {
    expect(runError("outputs=ts+java")).toBe(
      'invalid option "outputs=ts+java": unknown output "java"; choose from ts, cpp, go, docs, joined with "+"',
    );
    expect(runError("go_paths=flat")).toBe(
      'invalid option "go_paths=flat": expected "source_relative" or "import"',
    );
    expect(runError("runtime_import=")).toBe(
      'invalid option "runtime_import": expected a module specifier',
    );
  });

  it("rejects targets other than ts, since the outputs are not all TypeScript", () => {
    expect(runError("target=js+dts")).toBe(
      'invalid option "target=js+dts": protoc-gen-roma writes TypeScript sources only; use target=ts (the default)',
    );
  });

  it("lets protoplugin reject bad values of its own options", () => {
    expect(runError("import_extension=mjs")).toBe('invalid option "import_extension=mjs"');
  });
});
