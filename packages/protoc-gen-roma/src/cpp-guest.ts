import type { DescFile } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { describe, type RomaService, serveName } from "./annotations.js";
import { cppClassName, cppNamespace, includeGuard } from "./cpp-names.js";
import { cppGuestAbi } from "./guest-abi-cpp.js";
import type { RomaOptions } from "./parameter.js";
import { preambleLines } from "./preamble.js";

/**
 * Writes `<file>_roma_udf.h`: for each rpc `Foo(Req) returns (Resp)` of the Roma
 * services, `int ServeFoo(int argc, char* argv[], std::function<void(const Req&, Resp&)>)`
 * doing the guest ABI over protoc's C++ classes (`<file>.pb.h`) and libprotobuf.
 */
export function emitCppGuest(
  schema: Schema<RomaOptions>,
  file: DescFile,
  services: readonly RomaService[],
): void {
  // Resolve every namespace first, so a refusal leaves no half-written header.
  const namespaces = services.map(({ desc, annotation }) => cppNamespace(desc, annotation));
  const name = `${file.name}_roma_udf.h`;
  const guard = includeGuard(name);
  const f = schema.generateFile(name);
  const lines = preambleLines(schema, file).map((line) => `// ${line}`);
  lines.push(
    "",
    `#ifndef ${guard}`,
    `#define ${guard}`,
    "",
    ...[
      "cerrno",
      "climits",
      "cstdint",
      "cstdlib",
      "exception",
      "functional",
      "iostream",
      "string",
    ].map((h) => `#include <${h}>`),
    "",
    "#include <unistd.h>",
    "",
    `#include "${file.name}.pb.h"`,
    "",
    cppGuestAbi,
  );
  services.forEach(({ desc }, i) => {
    lines.push("", `namespace ${namespaces[i]} {`);
    for (const method of desc.methods) {
      const req = cppClassName(method.input);
      const resp = cppClassName(method.output);
      const doc = describe(method);
      const fn = serveName(method);
      lines.push(
        "",
        `// Serves rpc ${desc.typeName}.${method.name} for one request: a guest's main is`,
        `// \`return ${fn}(argc, argv, handler);\`. The handler fills the response; an exception`,
        "// it throws goes to stderr and makes the exit code non-zero.",
      );
      if (doc !== "") lines.push("//", ...doc.split("\n").map(cppCommentLine));
      lines.push(
        `inline int ${fn}(int argc, char* argv[],`,
        `    std::function<void(const ${req}& request, ${resp}& response)> handler) {`,
        `  return ::roma_udf_internal::Serve<${req}, ${resp}>("${fn}", argc, argv, handler);`,
        "}",
      );
    }
    lines.push("", `}  // namespace ${namespaces[i]}`);
  });
  lines.push("", `#endif  // ${guard}`);
  f.print(lines.join("\n"));
}

/**
 * One line of a `//` comment. A line ending in a backslash would splice the next
 * source line into the comment (even with spaces after it), so such a line is closed
 * with a second `//`.
 */
function cppCommentLine(text: string): string {
  const line = `// ${text}`.trimEnd();
  return line.endsWith("\\") ? `${line} //` : line;
}
