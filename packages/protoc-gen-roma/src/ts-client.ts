import type { DescFile, DescMethod } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { describe, type RomaService } from "./annotations.js";
import type { RomaOptions } from "./parameter.js";

// Members of RomaClientBase that an rpc's method must not shadow.
const baseMembers = new Set(["roma", "register", "unregister", "close", "call", "constructor"]);

/** The client method name of an rpc: protoc-gen-es's localName, with "$" if the base class has it. */
export function tsMethodName(method: DescMethod): string {
  return baseMembers.has(method.localName) ? `${method.localName}$` : method.localName;
}

/**
 * Writes `<file>_roma.ts`: one `<Service>Client` class per Roma service, on the
 * runtime's RomaClientBase, with one typed method per rpc. Names, docs and the
 * descriptors from protoc-gen-es's `<file>_pb.ts`; the runtime does the work.
 */
export function emitTsClient(
  schema: Schema<RomaOptions>,
  file: DescFile,
  services: readonly RomaService[],
): void {
  const f = schema.generateFile(`${file.name}_roma.ts`);
  f.preamble(file);
  const runtime = schema.options.runtimeImport;
  const clientBase = f.import("RomaClientBase", runtime);
  const romaService = f.import("RomaService", runtime);
  const callOptions = f.import("RomaCallOptions", runtime, true);
  const serviceOptions = f.import("RomaServiceOptions", runtime, true);
  const initShape = f.import("MessageInitShape", "@bufbuild/protobuf", true);
  for (const [i, { desc }] of services.entries()) {
    if (i > 0) f.print();
    const client = `${desc.name}Client`;
    const doc = describe(desc);
    f.print(
      f.jsDoc(
        `${doc === "" ? `Client of the Roma guest serving ${desc.name}.` : doc}\n\n@generated from service ${desc.typeName}`,
      ),
    );
    f.print(f.export("class", client), " extends ", clientBase, " {");
    f.print(f.jsDoc("Starts a RomaService that this client owns and closes.", "  "));
    f.print("  static async create(options?: ", serviceOptions, "): Promise<", client, "> {");
    f.print(
      "    return new ",
      client,
      "(await ",
      romaService,
      ".create(options), { ownsService: true });",
    );
    f.print("  }");
    for (const method of desc.methods) {
      const rpcDoc = describe(method);
      f.print();
      f.print(
        f.jsDoc(
          `${rpcDoc === "" ? `Calls ${method.name} on the guest.` : rpcDoc}\n\n@generated from rpc ${desc.typeName}.${method.name}`,
          "  ",
        ),
      );
      f.print(
        "  ",
        tsMethodName(method),
        "(request: ",
        initShape,
        "<typeof ",
        f.importSchema(method.input, true),
        ">, options: ",
        callOptions,
        "): Promise<",
        f.importShape(method.output),
        "> {",
      );
      f.print(
        "    return this.call(",
        f.importSchema(desc),
        ".method.",
        method.localName,
        ", request, options);",
      );
      f.print("  }");
    }
    f.print("}");
  }
}
