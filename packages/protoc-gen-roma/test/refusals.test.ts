import { describe, expect, it } from "vitest";
import { protocGenRoma } from "../src/plugin.js";
import { codeGeneratorRequest, runPlugin } from "./helpers/protos.js";
import { romaImport } from "./helpers/sample-protos.js";

const annotation =
  'option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = { name: "S" };';
const host =
  '{ option (privacysandbox.apis.roma.app_api.v1.roma_rpc_annotation) = { cpp_host_process_callback: "Cb" }; }';

/** A proto file `x.proto` in package `pkg` (unless given) with `body` after the Roma import. */
function proto(body: string, pkg = "package pkg;"): Record<string, string> {
  return { "x.proto": `syntax = "proto3";\n${pkg}\n${romaImport}\nmessage M {}\n${body}\n` };
}

function refusal(files: Record<string, string>, parameter = ""): string {
  try {
    protocGenRoma.run(codeGeneratorRequest(files, parameter));
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  throw new Error("not refused");
}

describe("refusals", () => {
  it.each([
    ["stream M", "M", "client-streaming"],
    ["M", "stream M", "server-streaming"],
    ["stream M", "stream M", "bidi-streaming"],
  ])("refuses a %s → %s rpc, naming file, service and rpc", (input, output, kind) => {
    expect(
      refusal(proto(`service S { ${annotation} rpc Watch(${input}) returns (${output}); }`)),
    ).toBe(
      `RefusedError: x.proto: service pkg.S: rpc Watch is ${kind}; a Roma guest answers one request with one response, so only unary rpcs can be served`,
    );
  });

  it("refuses a C++ guest when the file has no package and no cpp_namespace", () => {
    expect(refusal(proto(`service S { ${annotation} rpc Do(M) returns (M); }`, ""))).toBe(
      "RefusedError: x.proto: service S: cannot derive a C++ namespace for the guest scaffolding: the file has no package and roma_svc_annotation sets no cpp_namespace; set one of them",
    );
  });

  it("generates the other outputs for such a file when C++ is not asked for", () => {
    const files = runPlugin(
      proto(
        `option go_package = "example.com/x;x";\nservice S { ${annotation} rpc Do(M) returns (M); }`,
        "",
      ),
      "outputs=ts+go+docs",
    );
    expect([...files.keys()].sort()).toEqual(["x_roma.md", "x_roma.ts", "x_roma_udf.go"]);
  });

  it("refuses a cpp_namespace that is not a C++ namespace", () => {
    const svc = `service S { option (privacysandbox.apis.roma.app_api.v1.roma_svc_annotation) = { cpp_namespace: "a::b-c" }; rpc Do(M) returns (M); }`;
    expect(refusal(proto(svc), "outputs=cpp")).toBe(
      'RefusedError: x.proto: service pkg.S: cannot derive a C++ namespace from cpp_namespace "a::b-c": "b-c" is not a valid C++ identifier',
    );
  });

  it("refuses a Go guest when the file has no go_package", () => {
    expect(refusal(proto(`service S { ${annotation} rpc Do(M) returns (M); }`), "outputs=go")).toBe(
      "RefusedError: x.proto: service pkg.S: the file has no go_package option, so the Go guest has no package to go in; set go_package (protoc-gen-go needs it too)",
    );
  });

  it("refuses host rpcs mixed into a guest service", () => {
    expect(
      refusal(
        proto(`service S { ${annotation} rpc Do(M) returns (M); rpc Cb(M) returns (M) ${host} }`),
      ),
    ).toBe(
      "RefusedError: x.proto: service pkg.S: rpc Cb is a host rpc (cpp_host_process_callback) in a service whose other rpcs are served by the guest; put host rpcs in a service of their own",
    );
  });

  it("refuses two rpcs whose guest functions would share a name", () => {
    const body = `service S { ${annotation} rpc Do(M) returns (M); }\nservice T { ${annotation} rpc Do(M) returns (M); }`;
    expect(refusal(proto(body))).toBe(
      "RefusedError: x.proto: service pkg.T: rpc Do would get the guest function ServeDo, which rpc Do of service pkg.S already has; rename one of them",
    );
  });

  it("skips services without the annotation and host services, silently", () => {
    const body = `service Plain { rpc Stream(stream M) returns (stream M); }\nservice Host { ${annotation} rpc Cb(M) returns (M) ${host} }`;
    expect(runPlugin(proto(body)).size).toBe(0);
  });
});
