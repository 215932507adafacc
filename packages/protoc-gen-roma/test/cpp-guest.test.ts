import { describe, expect, it } from "vitest";
import { generated, runPlugin } from "./helpers/protos.js";
import { romaImport, sampleFiles } from "./helpers/sample-protos.js";

const header = generated(runPlugin(sampleFiles, "outputs=cpp"), "roma/test/v1/sample_roma_udf.h");
const lines = header.split("\n");

describe("C++ guest header", () => {
  it("has an include guard and includes protoc's header for the file", () => {
    expect(lines).toContain("#ifndef ROMA_TEST_V1_SAMPLE_ROMA_UDF_H_");
    expect(lines).toContain('#include "roma/test/v1/sample.pb.h"');
    expect(lines.at(-2)).toBe("#endif  // ROMA_TEST_V1_SAMPLE_ROMA_UDF_H_");
  });

  it("puts the serve functions in cpp_namespace", () => {
    expect(lines).toContain("namespace roma::sample_udf {");
    expect(lines).toContain("}  // namespace roma::sample_udf");
  });

  it("declares ServeFoo(argc, argv, handler) per rpc over protoc's classes", () => {
    expect(lines).toContain("inline int ServeSample(int argc, char* argv[],");
    expect(lines).toContain(
      "    std::function<void(const ::roma::test::v1::SampleRequest& request, ::roma::test::v1::SampleResponse& response)> handler) {",
    );
    expect(lines).toContain(
      "    std::function<void(const ::roma::test::v1::SampleRequest_Payload& request, ::roma::test::v1::SampleRequest_Payload& response)> handler) {",
    );
    expect(lines).toContain(
      "    std::function<void(const ::google::protobuf::Empty& request, ::google::protobuf::Timestamp& response)> handler) {",
    );
    expect(lines).toContain(
      "    std::function<void(const ::roma::test::common::v1::Key& request, ::roma::test::common::v1::Value& response)> handler) {",
    );
  });

  it("does the guest ABI once per translation unit, turning exceptions into exit code 1", () => {
    expect(lines).toContain("#ifndef ROMA_UDF_GUEST_ABI_V1_");
    expect(header).toContain("if (!WriteAll(data_fd, &ready, 1))");
    expect(header).toContain(
      'return Fail(function, std::string("the handler threw: ") + e.what());',
    );
  });

  it("carries the rpc's description", () => {
    expect(lines).toContain("// Runs the function named in the request.");
  });

  it("keeps a description ending in a backslash from splicing the next line into its comment", () => {
    const out = runPlugin(
      {
        "slash.proto": `syntax = "proto3";
package acme.slash.v1;
${romaImport}
message M { string x = 1; }
service Slash {
  option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = { name: "Slash" };
  rpc Do(M) returns (M) {
    option (privacysandbox.apis.roma.app_api.v1.roma_rpc_annotation) = { description: "Ends in C:\\\\" };
  }
}
`,
      },
      "outputs=cpp",
    );
    const slash = generated(out, "slash_roma_udf.h").split("\n");
    const comment = slash.findIndex((l) => l.startsWith("// Ends in C:"));
    expect(slash[comment]).toBe("// Ends in C:\\ //");
    expect(slash[comment + 1]).toBe("inline int ServeDo(int argc, char* argv[],");
  });

  it("derives the namespace from the package when there is no cpp_namespace", () => {
    const out = runPlugin(
      {
        "plain.proto": `syntax = "proto3";
package acme.plain.v2;
${romaImport}
message class { string x = 1; }
service Plain {
  option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = { name: "Plain" };
  rpc Do(class) returns (class);
}
`,
      },
      "outputs=cpp",
    );
    const plain = generated(out, "plain_roma_udf.h").split("\n");
    expect(plain).toContain("namespace acme::plain::v2 {");
    // protoc appends "_" to a class name that is a C++ keyword.
    expect(plain).toContain(
      "    std::function<void(const ::acme::plain::v2::class_& request, ::acme::plain::v2::class_& response)> handler) {",
    );
  });
});
