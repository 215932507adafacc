import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { describe, type RomaService, serveName, where } from "./annotations.js";
import { RefusedError } from "./errors.js";
import { type GoPackage, goMessageName, goPackage, goSanitized } from "./go-names.js";
import type { RomaOptions } from "./parameter.js";
import { preambleLines } from "./preamble.js";

// Imports of every generated Go guest; dependency packages are aliased around these names.
const stdImports = ["fmt", "io", "os", "strconv"];
const protobufImports = [
  ["protowire", "google.golang.org/protobuf/encoding/protowire"],
  ["proto", "google.golang.org/protobuf/proto"],
] as const;

/**
 * Writes `<file>_roma_udf.go`: in the file's go_package, for each rpc
 * `func ServeFoo(handler func(req *Req) (*Resp, error))` doing the guest ABI over
 * google.golang.org/protobuf and exiting the process. Written beside the .proto by
 * default (where protoc-gen-go writes with paths=source_relative).
 */
export function emitGoGuest(
  schema: Schema<RomaOptions>,
  file: DescFile,
  services: readonly RomaService[],
): void {
  const pkg = goPackage(file);
  const first = services[0];
  if (pkg === undefined) {
    if (first === undefined) return;
    throw new RefusedError(
      `${where(first.desc)}: the file has no go_package option, so the Go guest has no package to go in; set go_package (protoc-gen-go needs it too)`,
    );
  }
  const imports = new GoImports(pkg);
  const funcs: string[] = [];
  // Unexported, so one per file; named after the file so files of one package do not clash.
  const helper = `romaServe_${goSanitized(file.name)}`;
  for (const { desc } of services) {
    for (const method of desc.methods) {
      const req = imports.typeName(method.input);
      const resp = imports.typeName(method.output);
      const fn = serveName(method);
      const doc = describe(method);
      funcs.push(
        "",
        `// ${fn} serves rpc ${desc.typeName}.${method.name} for one request and exits the`,
        `// process: a guest's main is \`${fn}(handler)\`. An error from the handler, or a nil`,
        "// response, goes to stderr and makes the exit code non-zero.",
      );
      if (doc !== "") funcs.push("//", ...doc.split("\n").map((l) => `// ${l}`.trimEnd()));
      funcs.push(
        `func ${fn}(handler func(req *${req}) (*${resp}, error)) {`,
        `\trequest := new(${req})`,
        `\tos.Exit(${helper}("${fn}", request, func() (proto.Message, error) {`,
        "\t\treturn handler(request)",
        "\t}))",
        "}",
      );
    }
  }
  const lines = preambleLines(schema, file).map((line) => `// ${line}`);
  lines.push("", `package ${pkg.name}`, "", "import (", ...imports.lines(), ")", ...funcs);
  lines.push("", ...goServe(helper));
  const dir = schema.options.goPaths === "import" ? `${pkg.importPath}/` : "";
  const base = schema.options.goPaths === "import" ? file.name.replace(/^.*\//, "") : file.name;
  schema.generateFile(`${dir}${base}_roma_udf.go`).print(lines.join("\n"));
}

/** The import block of a Go guest, with an alias per dependency package. */
class GoImports {
  readonly #own: GoPackage;
  readonly #aliases = new Map<string, string>();
  readonly #taken = new Set<string>([...stdImports, ...protobufImports.map(([alias]) => alias)]);

  constructor(own: GoPackage) {
    this.#own = own;
    this.#taken.add(own.name);
  }

  /** The Go type of a message, qualified when it lives in another package. */
  typeName(message: DescMessage): string {
    const name = goMessageName(message);
    const pkg = goPackage(message.file);
    if (pkg === undefined || pkg.importPath === this.#own.importPath) return name;
    let alias = this.#aliases.get(pkg.importPath);
    if (alias === undefined) {
      alias = pkg.name;
      for (let n = 1; this.#taken.has(alias); n++) alias = `${pkg.name}${n}`;
      this.#taken.add(alias);
      this.#aliases.set(pkg.importPath, alias);
    }
    return `${alias}.${name}`;
  }

  /** The lines inside `import (...)`, grouped and sorted the way gofmt leaves them. */
  lines(): string[] {
    const others = [
      ...protobufImports,
      ...[...this.#aliases].map(([path, alias]) => [alias, path]),
    ];
    others.sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [
      ...stdImports.map((path) => `\t"${path}"`),
      "",
      ...others.map(([alias, path]) => `\t${alias} "${path}"`),
    ];
  }
}

/** The guest ABI in Go: readiness byte, varint-delimited request and response, exit code. */
function goServe(helper: string): string[] {
  return String.raw`// ${helper} runs the Roma guest ABI around one call of handle and returns
// the exit code: readiness byte, varint-delimited request, varint-delimited response.
func ${helper}(function string, request proto.Message, handle func() (proto.Message, error)) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, function+": "+format+"\n", args...)
		return 1
	}
	if len(os.Args) < 2 {
		return fail("expected the data fd as argv[1]")
	}
	fd, err := strconv.Atoi(os.Args[1])
	if err != nil || fd < 0 {
		return fail("argv[1] is not a file descriptor: %q", os.Args[1])
	}
	conn := os.NewFile(uintptr(fd), "roma-data")
	if _, err := conn.Write([]byte{0}); err != nil {
		return fail("cannot write the readiness byte: %v", err)
	}
	// One byte at a time, so that nothing after the varint is consumed.
	var prefix []byte
	for {
		b := []byte{0}
		if _, err := io.ReadFull(conn, b); err != nil {
			return fail("cannot read the request's length: %v", err)
		}
		prefix = append(prefix, b[0])
		if b[0] < 0x80 {
			break
		}
		if len(prefix) == 10 {
			return fail("the request's length is not a varint")
		}
	}
	size, n := protowire.ConsumeVarint(prefix)
	if n < 0 || size > 1<<31-1 {
		return fail("the request's length is out of range")
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(conn, body); err != nil {
		return fail("the request ended early: %v", err)
	}
	if err := proto.Unmarshal(body, request); err != nil {
		return fail("the request does not parse: %v", err)
	}
	// A panicking handler fails the call like an erring one: one line on stderr, exit 1.
	response, err := func() (response proto.Message, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return handle()
	}()
	if err != nil {
		return fail("the handler failed: %v", err)
	}
	// A nil *Resp marshals to zero bytes: without this check it would pass for an empty answer.
	if response == nil || !response.ProtoReflect().IsValid() {
		return fail("the handler returned a nil response and no error")
	}
	out, err := proto.Marshal(response)
	if err != nil {
		return fail("cannot serialize the response: %v", err)
	}
	frame := protowire.AppendVarint(make([]byte, 0, len(out)+10), uint64(len(out)))
	if _, err := conn.Write(append(frame, out...)); err != nil {
		return fail("cannot write the response: %v", err)
	}
	return 0
}`.split("\n");
}
