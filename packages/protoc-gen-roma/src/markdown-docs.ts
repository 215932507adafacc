import {
  type DescEnum,
  type DescField,
  type DescFile,
  type DescMessage,
  ScalarType,
} from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { describe, type RomaService, serveName } from "./annotations.js";
import { cppNamespace } from "./cpp-names.js";
import { goMessageName, goPackage } from "./go-names.js";
import type { RomaOptions } from "./parameter.js";
import { preambleLines } from "./preamble.js";
import { tsMethodName } from "./ts-client.js";

/**
 * Writes `<file>_roma.md`: reference docs of the Roma services of a file (rpcs, the
 * messages and enums they use, with descriptions) and how to build and load a guest.
 */
export function emitMarkdownDocs(
  schema: Schema<RomaOptions>,
  file: DescFile,
  services: readonly RomaService[],
): void {
  const outputs = schema.options.outputs;
  const lines = preambleLines(schema, file).map((line) => `<!-- ${line} -->`);
  lines.push("", `# Roma services of \`${file.proto.name}\``);
  for (const { desc } of services) {
    lines.push("", `## ${desc.name}`, "");
    const doc = describe(desc);
    if (doc !== "") lines.push(doc, "");
    lines.push(`Proto service \`${desc.typeName}\`.`);
    if (outputs.has("ts"))
      lines.push(`TypeScript client: \`${desc.name}Client\` in \`${file.name}_roma.ts\`.`);
    for (const method of desc.methods) {
      lines.push("", `### ${method.name}`, "");
      const rpcDoc = describe(method);
      if (rpcDoc !== "") lines.push(rpcDoc, "");
      lines.push(
        `\`rpc ${method.name}(${method.input.typeName}) returns (${method.output.typeName})\``,
        "",
        "| Where | Call |",
        "| --- | --- |",
      );
      if (outputs.has("ts"))
        lines.push(`| TypeScript | \`client.${tsMethodName(method)}(request, { codeToken })\` |`);
      if (outputs.has("cpp"))
        lines.push(`| C++ guest | \`return ${serveName(method)}(argc, argv, handler);\` |`);
      if (outputs.has("go")) lines.push(`| Go guest | \`${serveName(method)}(handler)\` |`);
    }
  }
  const { messages, enums } = reachableTypes(services);
  if (messages.length > 0) lines.push("", "## Messages");
  for (const message of messages) lines.push("", ...messageDoc(message));
  if (enums.length > 0) lines.push("", "## Enums");
  for (const e of enums) lines.push("", ...enumDoc(e));
  lines.push("", ...usage(schema, file, services));
  schema.generateFile(`${file.name}_roma.md`).print(lines.join("\n"));
}

/** Messages and enums used by the rpcs, transitively, first seen first; well-known types left out. */
function reachableTypes(services: readonly RomaService[]): {
  messages: DescMessage[];
  enums: DescEnum[];
} {
  const messages: DescMessage[] = [];
  const enums: DescEnum[] = [];
  const visit = (type: DescMessage | DescEnum | undefined): void => {
    if (type === undefined || type.file.proto.package === "google.protobuf") return;
    if (type.kind === "enum") {
      if (!enums.includes(type)) enums.push(type);
      return;
    }
    if (messages.includes(type)) return;
    messages.push(type);
    for (const field of type.fields) visit(field.message ?? field.enum);
  };
  for (const { desc } of services) {
    for (const method of desc.methods) {
      visit(method.input);
      visit(method.output);
    }
  }
  return { messages, enums };
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", "<br>");
}

function fieldType(field: DescField): string {
  const scalar = (t: ScalarType) => ScalarType[t].toLowerCase();
  switch (field.fieldKind) {
    case "scalar":
      return scalar(field.scalar);
    case "enum":
      return field.enum.typeName;
    case "message":
      return field.message.typeName;
    case "list":
      return `repeated ${field.listKind === "scalar" ? scalar(field.scalar) : (field.message ?? field.enum).typeName}`;
    case "map":
      return `map<${scalar(field.mapKey)}, ${field.mapKind === "scalar" ? scalar(field.scalar) : (field.message ?? field.enum).typeName}>`;
  }
}

function messageDoc(message: DescMessage): string[] {
  const lines = [`### ${message.typeName}`, ""];
  const doc = describe(message);
  if (doc !== "") lines.push(doc, "");
  if (message.fields.length === 0) return [...lines, "No fields."];
  lines.push("| Field | Number | Type | Description |", "| --- | --- | --- | --- |");
  for (const field of message.fields) {
    const oneof = field.oneof === undefined ? "" : `(oneof \`${field.oneof.name}\`) `;
    lines.push(
      `| \`${field.name}\` | ${field.number} | \`${fieldType(field)}\` | ${oneof}${cell(describe(field))} |`,
    );
  }
  return lines;
}

function enumDoc(e: DescEnum): string[] {
  const lines = [`### ${e.typeName}`, ""];
  const doc = describe(e);
  if (doc !== "") lines.push(doc, "");
  lines.push("| Value | Number | Description |", "| --- | --- | --- |");
  for (const value of e.values) {
    lines.push(`| \`${value.name}\` | ${value.number} | ${cell(describe(value))} |`);
  }
  return lines;
}

/** The protoc C++ sources a guest of `file` links: its own and its imports', transitively, less the well-known types. */
function cppSources(file: DescFile): string[] {
  const files: DescFile[] = [];
  const visit = (f: DescFile): void => {
    if (files.includes(f) || f.proto.package === "google.protobuf") return;
    files.push(f);
    for (const dependency of f.dependencies) visit(dependency);
  };
  visit(file);
  return files.map((f) => `${f.name}.pb.cc`);
}

/** How to build a guest on the scaffolding and call it from TypeScript, for the first rpc. */
function usage(
  schema: Schema<RomaOptions>,
  file: DescFile,
  services: readonly RomaService[],
): string[] {
  const first = services[0];
  const service = first?.desc;
  const method = service?.methods[0];
  if (first === undefined || service === undefined || method === undefined) return [];
  const outputs = schema.options.outputs;
  const fn = serveName(method);
  const lines = ["## Building and loading a guest", ""];
  lines.push(
    "A guest is a Linux executable that serves one request per process: it writes one",
    "readiness byte on the fd given as `argv[1]`, reads one varint-delimited request,",
    "writes one varint-delimited response and exits 0. The scaffolding does all of that.",
  );
  if (outputs.has("cpp")) {
    lines.push(
      "",
      `C++ (with protoc's \`${file.name}.pb.h\`/\`.pb.cc\`, linked with libprotobuf):`,
      "",
      "```cpp",
      `#include "${file.name}_roma_udf.h"`,
      "",
      "int main(int argc, char* argv[]) {",
      `  return ${cppNamespace(service, first.annotation)}::${fn}(argc, argv, [](const auto& request, auto& response) {`,
      "    // Fill response from request; throw to fail the call.",
      "  });",
      "}",
      "```",
      "",
      "Build it in the output directory with the generated code of the file and of every file",
      "it imports (libprotobuf has the well-known types), statically so that it starts fast and",
      "needs no libraries in the sandbox:",
      "",
      "```sh",
      `g++ -std=c++17 -O2 -static -I. main.cc ${cppSources(file).join(" ")} -lprotobuf -pthread -o guest`,
      "```",
    );
  }
  const pkg = goPackage(file);
  if (outputs.has("go") && pkg !== undefined) {
    lines.push(
      "",
      `Go (beside protoc-gen-go's output, package \`${pkg.name}\`):`,
      "",
      "```go",
      "func main() {",
      `\t${pkg.name}.${fn}(func(req *${pkg.name}.${goMessageName(method.input)}) (*${pkg.name}.${goMessageName(method.output)}, error) {`,
      `\t\treturn &${pkg.name}.${goMessageName(method.output)}{}, nil`,
      "\t})",
      "}",
      "```",
      "",
      "Build it with `CGO_ENABLED=0 go build` so that it needs no libraries in the sandbox.",
    );
  }
  if (outputs.has("ts")) {
    lines.push(
      "",
      "Load and call it from TypeScript:",
      "",
      "```ts",
      `const client = await ${service.name}Client.create({ mode: "gvisor" });`,
      'const codeToken = await client.register("/abs/path/to/guest", { workers: 2 });',
      `const response = await client.${tsMethodName(method)}({}, { codeToken, timeoutMs: 1000 });`,
      "await client.close();",
      "```",
    );
  }
  return lines;
}
