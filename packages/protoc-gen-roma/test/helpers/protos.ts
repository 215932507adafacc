import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { create, fromBinary } from "@bufbuild/protobuf";
import {
  type CodeGeneratorRequest,
  CodeGeneratorRequestSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import { protocGenRoma } from "../../src/plugin.js";

/** The directory that holds the Roma options proto, as an include path. */
export const optionsProtoDir = resolve(import.meta.dirname, "../../proto");

/** Writes `files` (path → text) under `dir`, creating directories. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * Compiles inline .proto files with protoc into a CodeGeneratorRequest asking to
 * generate `generate` (default: every inline file), the way protoc would hand it to
 * a plugin: imports included, source info kept (for comments).
 */
export function codeGeneratorRequest(
  files: Record<string, string>,
  parameter = "",
  generate: string[] = Object.keys(files),
): CodeGeneratorRequest {
  const dir = mkdtempSync(join(tmpdir(), "roma-protos-"));
  try {
    writeTree(dir, files);
    const out = join(dir, "set.binpb");
    execFileSync(
      "protoc",
      [
        `-I${dir}`,
        `-I${optionsProtoDir}`,
        "--include_imports",
        "--include_source_info",
        `--descriptor_set_out=${out}`,
        ...Object.keys(files),
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(out));
    return create(CodeGeneratorRequestSchema, {
      fileToGenerate: generate,
      parameter,
      protoFile: set.file,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs protoc-gen-roma in-process over inline protos; returns generated file name → content. */
export function runPlugin(files: Record<string, string>, parameter = ""): Map<string, string> {
  const response = protocGenRoma.run(codeGeneratorRequest(files, parameter));
  if (response.error !== undefined && response.error !== "") throw new Error(response.error);
  return new Map(response.file.map((f) => [f.name, f.content]));
}

/** The content of one generated file; throws naming the files that exist when it is missing. */
export function generated(files: Map<string, string>, name: string): string {
  const content = files.get(name);
  if (content === undefined)
    throw new Error(`no ${name}; generated: ${[...files.keys()].join(", ")}`);
  return content;
}
