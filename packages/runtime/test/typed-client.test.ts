import type { DescMethodUnary } from "@bufbuild/protobuf";
import { create, createFileRegistry } from "@bufbuild/protobuf";
import {
  FileDescriptorProtoSchema,
  file_google_protobuf_wrappers,
  type StringValueSchema,
} from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CodeToken,
  callUnary,
  createRomaClient,
  type RomaCallOptions,
  RomaClientBase,
  RomaService,
} from "../src/index.js";
import { buildFixtures } from "./helpers/build-fixtures.js";
import { expectRomaError } from "./helpers/roma-helpers.js";

const fixtures = buildFixtures();

// A service built in memory: rpc Say(StringValue) returns (StringValue), which behave.c
// answers with "you said: <value>"; and a streaming rpc, which a guest cannot serve.
const registry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "roma_test/echo.proto",
    package: "roma_test",
    syntax: "proto3",
    dependency: ["google/protobuf/wrappers.proto"],
    service: [
      {
        name: "Echo",
        method: [
          {
            name: "Say",
            inputType: ".google.protobuf.StringValue",
            outputType: ".google.protobuf.StringValue",
          },
        ],
      },
      {
        name: "Streamer",
        method: [
          {
            name: "Listen",
            inputType: ".google.protobuf.StringValue",
            outputType: ".google.protobuf.StringValue",
            serverStreaming: true,
          },
        ],
      },
    ],
  }),
  (name) => (name === "google/protobuf/wrappers.proto" ? file_google_protobuf_wrappers : undefined),
);
const Echo = registry.getService("roma_test.Echo");
const Streamer = registry.getService("roma_test.Streamer");
if (!Echo || !Streamer) throw new Error("the test service descriptors did not build");
const say = Echo.methods[0] as DescMethodUnary<typeof StringValueSchema, typeof StringValueSchema>;

// The typed layer is the same in both modes; minimal mode keeps this file quick.
describe("typed client", () => {
  let roma: RomaService;
  let token: CodeToken;

  beforeAll(async () => {
    roma = await RomaService.create({ mode: "minimal", libraryDirs: [] });
    token = await roma.loadBinary(fixtures.behave, { workers: 2 });
  });

  afterAll(async () => {
    await roma?.close();
  });

  it("calls a unary rpc with callUnary: message in, message out", async () => {
    const response = await callUnary(roma, say, { value: "hi" }, { codeToken: token });
    expect(response.value).toBe("you said: hi");
  });

  it("hands the call's metrics to onResult, and no logs when the binary was loaded without", async () => {
    const results: Parameters<NonNullable<RomaCallOptions["onResult"]>>[0][] = [];
    const answer = await callUnary(
      roma,
      say,
      { value: "timed" },
      {
        codeToken: token,
        onResult: (result) => results.push(result),
      },
    );
    expect(answer.value).toBe("you said: timed");
    expect(results).toHaveLength(1);
    const [{ metrics, logs }] = results as [(typeof results)[0]];
    expect(logs).toBeUndefined();
    expect(metrics.waitMs).toBeGreaterThanOrEqual(0);
    expect(metrics.responseMs).toBeGreaterThan(0);
    expect(metrics.readyWorkers).toBeGreaterThanOrEqual(0);
  });

  it("builds a client from the service descriptor, one function per rpc", async () => {
    // A descriptor built at run time has no literal method types (generated ones do), so
    // the client is viewed through the shape the rpc has.
    const client = createRomaClient(Echo, roma) as unknown as {
      say(request: { value: string }, options: RomaCallOptions): Promise<{ value: string }>;
    };
    expect(Object.keys(client)).toEqual(["say"]);
    const response = await client.say({ value: "typed" }, { codeToken: token });
    expect(response.value).toBe("you said: typed");
  });

  it("reports a response that does not parse as the output message as MALFORMED_RESPONSE", async () => {
    await expectRomaError(
      callUnary(roma, say, { value: "garbage" }, { codeToken: token }),
      "MALFORMED_RESPONSE",
      "roma_test.Echo",
      "google.protobuf.StringValue",
    );
  });

  it("passes the call options through: an aborted signal ends the call with CANCELLED", async () => {
    await expectRomaError(
      callUnary(roma, say, { value: "x" }, { codeToken: token, signal: AbortSignal.abort() }),
      "CANCELLED",
    );
  });

  it("refuses a streaming rpc with INVALID_ARGUMENT naming it", () => {
    expect(() => createRomaClient(Streamer, roma)).toThrow(/roma_test\.Streamer\.Listen/);
    try {
      createRomaClient(Streamer, roma);
    } catch (err) {
      expect((err as { code?: string }).code).toBe("INVALID_ARGUMENT");
    }
  });

  it("serves a generated-style client built on RomaClientBase", async () => {
    class EchoClient extends RomaClientBase {
      say(value: string, codeToken: CodeToken) {
        return this.call(say, { value }, { codeToken });
      }
    }
    const client = new EchoClient(roma);
    const own = await client.register(fixtures.behave, { workers: 1 });
    expect((await client.say("base", own)).value).toBe("you said: base");
    await client.unregister(own);
    await expectRomaError(client.say("gone", own), "NOT_FOUND");
    // The client does not own the service: closing it leaves the service running.
    await client.close();
    expect((await client.say("still", token)).value).toBe("you said: still");
  });
});
