import { describe, expect, it } from "vitest";
import { generated, runPlugin } from "./helpers/protos.js";
import { sampleFiles } from "./helpers/sample-protos.js";

const md = generated(
  runPlugin(sampleFiles, "outputs=docs+ts+cpp+go"),
  "roma/test/v1/sample_roma.md",
);
const lines = md.split("\n");

describe("Markdown docs", () => {
  it("documents the service and each rpc with its description and calls", () => {
    expect(lines).toContain("## SampleService");
    expect(lines).toContain("Serves the sample functions.");
    expect(lines).toContain("### Sample");
    expect(lines).toContain(
      "`rpc Sample(roma.test.v1.SampleRequest) returns (roma.test.v1.SampleResponse)`",
    );
    expect(lines).toContain("| TypeScript | `client.sample(request, { codeToken })` |");
    expect(lines).toContain("| C++ guest | `return ServeSample(argc, argv, handler);` |");
    expect(lines).toContain("| Go guest | `ServeSample(handler)` |");
  });

  it("documents messages, fields (maps, oneofs, nested) and enums with descriptions", () => {
    expect(lines).toContain("### roma.test.v1.SampleRequest");
    expect(lines).toContain("What to run.");
    expect(lines).toContain(
      "| `function` | 1 | `roma.test.v1.FunctionType` | The function \\| to run. |",
    );
    expect(lines).toContain("| `counters` | 2 | `map<string, int64>` |  |");
    expect(lines).toContain("| `raw` | 4 | `string` | (oneof `input`)  |");
    expect(lines).toContain("| `numbers` | 2 | `repeated int32` |  |");
    expect(lines).toContain("| `greeting` | 1 | `string` | The greeting. |");
    expect(lines).toContain("### roma.test.common.v1.Key");
    expect(lines).toContain("| `FUNCTION_TYPE_HELLO_WORLD` | 1 | Answers hello. |");
    expect(md).not.toContain("### google.protobuf.Empty");
  });

  it("shows how to build and load a guest", () => {
    expect(lines).toContain(
      "  return roma::sample_udf::ServeSample(argc, argv, [](const auto& request, auto& response) {",
    );
    expect(lines).toContain(
      "\ttestv1.ServeSample(func(req *testv1.SampleRequest) (*testv1.SampleResponse, error) {",
    );
    expect(lines).toContain('const client = await SampleServiceClient.create({ mode: "gvisor" });');
  });

  it("builds the C++ guest with the generated code of every imported file, so that it links", () => {
    expect(lines).toContain(
      "g++ -std=c++17 -O2 -static -I. main.cc roma/test/v1/sample.pb.cc apis/privacysandbox/apis/roma/app_api/v1/options.pb.cc roma/test/common/v1/common.pb.cc -lprotobuf -pthread -o guest",
    );
  });

  it("mentions only the outputs that are written", () => {
    const docsOnly = generated(
      runPlugin(sampleFiles, "outputs=docs"),
      "roma/test/v1/sample_roma.md",
    );
    expect(docsOnly).not.toContain("| C++ guest |");
    expect(docsOnly).not.toContain("```go");
  });
});
