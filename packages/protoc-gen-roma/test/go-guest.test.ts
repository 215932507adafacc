import { describe, expect, it } from "vitest";
import { generated, runPlugin } from "./helpers/protos.js";
import { sampleFiles } from "./helpers/sample-protos.js";

const go = generated(runPlugin(sampleFiles, "outputs=go"), "roma/test/v1/sample_roma_udf.go");
const lines = go.split("\n");

describe("Go guest", () => {
  it("is in the package of go_package", () => {
    expect(lines).toContain("package testv1");
  });

  it("imports protobuf-go and the packages of messages from elsewhere", () => {
    expect(lines).toContain('\t"fmt"');
    expect(lines).toContain('\tproto "google.golang.org/protobuf/proto"');
    expect(lines).toContain('\tcommonv1 "example.com/romatest/gen/roma/test/common/v1"');
    expect(lines).toContain('\temptypb "google.golang.org/protobuf/types/known/emptypb"');
    expect(lines).toContain('\ttimestamppb "google.golang.org/protobuf/types/known/timestamppb"');
  });

  it("declares func ServeFoo(handler) per rpc over protoc-gen-go's types", () => {
    expect(lines).toContain(
      "func ServeSample(handler func(req *SampleRequest) (*SampleResponse, error)) {",
    );
    expect(lines).toContain(
      "func ServeEcho(handler func(req *SampleRequest_Payload) (*SampleRequest_Payload, error)) {",
    );
    expect(lines).toContain(
      "func ServePing(handler func(req *emptypb.Empty) (*timestamppb.Timestamp, error)) {",
    );
    expect(lines).toContain(
      "func ServeLookup(handler func(req *commonv1.Key) (*commonv1.Value, error)) {",
    );
  });

  it("exits the process with the ABI's exit code", () => {
    expect(lines).toContain(
      '\tos.Exit(romaServe_roma_test_v1_sample("ServeSample", request, func() (proto.Message, error) {',
    );
    expect(lines).toContain('\t\treturn fail("the handler failed: %v", err)');
  });

  it("starts its doc comment with the function's name, then the description", () => {
    const i = lines.indexOf(
      "// ServeSample serves rpc roma.test.v1.SampleService.Sample for one request and exits the",
    );
    expect(lines.slice(i + 3, i + 5)).toEqual(["//", "// Runs the function named in the request."]);
  });
});
