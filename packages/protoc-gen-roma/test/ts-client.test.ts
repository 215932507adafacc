import { describe, expect, it } from "vitest";
import { generated, runPlugin } from "./helpers/protos.js";
import { romaImport, sampleFiles } from "./helpers/sample-protos.js";

const ts = generated(runPlugin(sampleFiles, "outputs=ts"), "roma/test/v1/sample_roma.ts");
const lines = ts.split("\n");

describe("TypeScript client", () => {
  it("imports the runtime, protobuf-es and protoc-gen-es's output", () => {
    expect(lines).toContain(
      'import type { RomaCallOptions, RomaServiceOptions } from "@roma-ts/runtime";',
    );
    expect(lines).toContain('import { RomaClientBase, RomaService } from "@roma-ts/runtime";');
    expect(lines).toContain('import type { MessageInitShape } from "@bufbuild/protobuf";');
    expect(lines).toContain('import { SampleService } from "./sample_pb.js";');
  });

  it("imports messages of other files and packages, and well-known types, from their modules", () => {
    expect(lines).toContain('import type { KeySchema, Value } from "../common/v1/common_pb.js";');
    expect(lines).toContain(
      'import type { EmptySchema, Timestamp } from "@bufbuild/protobuf/wkt";',
    );
  });

  it("declares <Service>Client on RomaClientBase with a create() that owns its RomaService", () => {
    expect(lines).toContain("export class SampleServiceClient extends RomaClientBase {");
    expect(lines).toContain(
      "  static async create(options?: RomaServiceOptions): Promise<SampleServiceClient> {",
    );
    expect(lines).toContain(
      "    return new SampleServiceClient(await RomaService.create(options), { ownsService: true });",
    );
  });

  it("has one lowerCamelCase method per rpc: init shape in, message shape out", () => {
    expect(lines).toContain(
      "  sample(request: MessageInitShape<typeof SampleRequestSchema>, options: RomaCallOptions): Promise<SampleResponse> {",
    );
    expect(lines).toContain("    return this.call(SampleService.method.sample, request, options);");
    expect(lines).toContain(
      "  echo(request: MessageInitShape<typeof SampleRequest_PayloadSchema>, options: RomaCallOptions): Promise<SampleRequest_Payload> {",
    );
    expect(lines).toContain(
      "  ping(request: MessageInitShape<typeof EmptySchema>, options: RomaCallOptions): Promise<Timestamp> {",
    );
    expect(lines).toContain(
      "  lookup(request: MessageInitShape<typeof KeySchema>, options: RomaCallOptions): Promise<Value> {",
    );
  });

  it("carries the annotations' descriptions, else the proto comments, as JSDoc", () => {
    expect(lines).toContain(" * Serves the sample functions.");
    expect(lines).toContain("   * Runs the function named in the request.");
    expect(lines).toContain("   * Echoes the request's nested message back.");
    expect(lines).toContain("   * Calls Ping on the guest.");
    expect(ts).not.toContain("Leading comment of SampleService");
  });

  it("renames an rpc that would shadow a member of RomaClientBase", () => {
    const out = runPlugin(
      {
        "clash.proto": `syntax = "proto3";
package clash;
${romaImport}
message M {}
service Clash {
  option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = { name: "Clash" };
  rpc Close(M) returns (M);
  rpc Register(M) returns (M);
}
`,
      },
      "outputs=ts",
    );
    const clash = generated(out, "clash_roma.ts");
    expect(clash).toContain("  close$(request: MessageInitShape<typeof MSchema>");
    expect(clash).toContain("    return this.call(Clash.method.close, request, options);");
    expect(clash).toContain("  register$(request: MessageInitShape<typeof MSchema>");
  });
});
