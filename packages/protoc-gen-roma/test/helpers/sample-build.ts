import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageRoot, repoRoot, toolEnv } from "./paths.js";
import { optionsProtoDir, runPlugin, writeTree } from "./protos.js";
import { sampleFiles } from "./sample-protos.js";

const optionsProto = "apis/privacysandbox/apis/roma/app_api/v1/options.proto";
const protos = [...Object.keys(sampleFiles), optionsProto];

/** A temp dir holding the sample protos (proto/) and what is generated from them (gen/). */
export interface SampleTree {
  readonly dir: string;
  readonly gen: string;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = toolEnv(),
): void {
  try {
    execFileSync(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `${command} ${args.join(" ")} failed:\n${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`,
      { cause: e },
    );
  }
}

/**
 * Writes the sample protos to a new temp dir and generates into its gen/: the Roma
 * outputs (in-process), plus protoc-gen-es TS, protoc's C++ and protoc-gen-go Go as
 * asked, the way buf.gen.yaml does for the example.
 */
export function generateSample(with_: { es?: boolean; cpp?: boolean; go?: boolean }): SampleTree {
  const dir = mkdtempSync(join(tmpdir(), "roma-sample-"));
  const gen = join(dir, "gen");
  mkdirSync(gen);
  writeTree(join(dir, "proto"), sampleFiles);
  writeTree(gen, Object.fromEntries(runPlugin(sampleFiles)));
  const protoc = (...args: string[]) =>
    run("protoc", ["-Iproto", `-I${optionsProtoDir}`, ...args, ...protos], dir);
  if (with_.es) {
    protoc(
      `--plugin=protoc-gen-es=${resolve(repoRoot, "node_modules/.bin/protoc-gen-es")}`,
      "--es_out=gen",
      "--es_opt=target=ts,import_extension=js",
    );
  }
  if (with_.cpp) protoc("--cpp_out=gen");
  if (with_.go) {
    installProtocGenGo();
    protoc(
      `--plugin=protoc-gen-go=${resolve(repoRoot, ".tools/bin/protoc-gen-go")}`,
      "--go_out=gen",
      "--go_opt=paths=source_relative",
      // The options proto has no go_package: users map it into their module like this.
      `--go_opt=M${optionsProto}=example.com/romatest/gen/apis/privacysandbox/apis/roma/app_api/v1;appapiv1`,
    );
  }
  return { dir, gen };
}

/** Runs the project's installer of protoc-gen-go (pinned, from the Go module proxy). */
export function installProtocGenGo(): void {
  run("sh", [resolve(repoRoot, "scripts/install-protoc-gen-go.sh")], repoRoot);
}

/**
 * Makes `@roma-ts/runtime` and `@bufbuild/protobuf` resolvable from a temp dir, as
 * installed packages would be: symlinks to this workspace's copies.
 */
export function linkNodeModules(dir: string): void {
  mkdirSync(join(dir, "node_modules/@roma-ts"), { recursive: true });
  mkdirSync(join(dir, "node_modules/@bufbuild"), { recursive: true });
  symlinkSync(resolve(repoRoot, "packages/runtime"), join(dir, "node_modules/@roma-ts/runtime"));
  symlinkSync(
    resolve(repoRoot, "node_modules/@bufbuild/protobuf"),
    join(dir, "node_modules/@bufbuild/protobuf"),
  );
}

/** Compiles the C++ sample guest (fixtures/sample-guest.cc), statically linked. */
export function buildCppGuest(tree: SampleTree): string {
  const main = join(tree.dir, "sample-guest.cc");
  copyFileSync(join(packageRoot, "fixtures/sample-guest.cc"), main);
  const sources = protos.map((p) => join(tree.gen, p.replace(/\.proto$/, ".pb.cc")));
  const binary = join(tree.dir, "sample-guest-cpp");
  run(
    "g++",
    [
      "-std=c++17",
      "-O1",
      "-static",
      `-I${tree.gen}`,
      main,
      ...sources,
      "-lprotobuf",
      "-pthread",
      "-o",
      binary,
    ],
    tree.dir,
  );
  return binary;
}

/** Builds the Go sample guest (fixtures/sample-guest.go) in a module around gen/. */
export function buildGoGuest(tree: SampleTree): string {
  mkdirSync(join(tree.dir, "cmd/guest"), { recursive: true });
  copyFileSync(join(packageRoot, "fixtures/sample-guest.go"), join(tree.dir, "cmd/guest/main.go"));
  writeFileSync(
    join(tree.dir, "go.mod"),
    "module example.com/romatest\n\ngo 1.22\n\nrequire google.golang.org/protobuf v1.36.12\n",
  );
  // Static (no cgo): a Go guest needs no library mounts in the sandbox.
  const env = { ...toolEnv(), CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" };
  run("go", ["mod", "tidy"], tree.dir, env);
  run("go", ["vet", "./..."], tree.dir, env);
  // The generated file is exactly as gofmt would leave it.
  const unformatted = execFileSync("gofmt", ["-l", "gen"], { cwd: tree.dir, encoding: "utf8" });
  if (unformatted.includes("_roma_udf.go")) throw new Error(`not gofmt-clean: ${unformatted}`);
  const binary = join(tree.dir, "sample-guest-go");
  run("go", ["build", "-o", binary, "./cmd/guest"], tree.dir, env);
  return binary;
}
