import { rmSync } from "node:fs";
import { join } from "node:path";
import { create, type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveBytes, serveOnce, undelimit } from "./guest-abi.js";
import { generateSample, linkNodeModules, type SampleTree } from "./sample-build.js";

/** The parts of the generated sample_pb.ts and sample_roma.ts the tests use. */
interface SampleModules {
  SampleRequestSchema: DescMessage;
  SampleResponseSchema: DescMessage;
  FunctionType: Record<string, number>;
  // biome-ignore lint/suspicious/noExplicitAny: the generated client is imported at run time.
  SampleServiceClient: any;
}

/** How one language's guest is built and what it says when its handler fails. */
export interface GuestLanguage {
  readonly name: string;
  readonly generate: { cpp?: boolean; go?: boolean };
  readonly build: (tree: SampleTree) => string;
  /** Greeting prefix of the guest's HELLO_WORLD answer. */
  readonly greeting: string;
  /** What the scaffolding writes to stderr when the handler fails. */
  readonly failure: string;
  /** What it writes when the handler answers no response (raw "nil"), where a handler can. */
  readonly nilResponse?: string;
  /** What it writes when the handler panics (raw "panic"), where a handler can. */
  readonly panicFailure?: string;
}

// Both of the runtime's modes; runsc is installed wherever these tests run (see .ci/run).
const modes = ["minimal", "gvisor"] as const;

/**
 * Builds a guest on the generated scaffolding and checks it: served directly over the
 * guest ABI, then through the runtime with the generated TS client, in both modes.
 */
export function describeGuest(language: GuestLanguage): void {
  describe(`${language.name} guest on the generated scaffolding`, () => {
    let tree: SampleTree;
    let binary: string;
    let m: SampleModules;
    const request = (init: Record<string, unknown>) =>
      toBinary(m.SampleRequestSchema, create(m.SampleRequestSchema, init));

    beforeAll(async () => {
      tree = generateSample({ es: true, ...language.generate });
      binary = language.build(tree);
      linkNodeModules(tree.dir);
      m = {
        ...(await import(join(tree.gen, "roma/test/v1/sample_pb.ts"))),
        ...(await import(join(tree.gen, "roma/test/v1/sample_roma.ts"))),
      };
    }, 300_000);
    afterAll(() => {
      if (tree !== undefined) rmSync(tree.dir, { recursive: true, force: true });
    });

    it("writes one readiness byte, reads a delimited request, writes a delimited response, exits 0", async () => {
      const run = await serveOnce(
        binary,
        request({
          function: m.FunctionType.HELLO_WORLD,
          input: { case: "payload", value: { text: "abi" } },
        }),
      );
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      expect(run.ready.length).toBe(1);
      const { length, body } = undelimit(run.answer);
      expect(body.length).toBe(length);
      expect(fromBinary(m.SampleResponseSchema, body)).toMatchObject({
        greeting: `${language.greeting}abi`,
      });
    });

    it("reports a failing handler on stderr with a non-zero exit and no response", async () => {
      const run = await serveOnce(binary, request({ input: { case: "raw", value: "throw" } }));
      expect([run.exitCode, run.answer.length, run.stderr]).toEqual([
        1,
        0,
        `${language.failure}\n`,
      ]);
    });

    // Only where the language lets a handler do it (a C++ handler cannot return nil).
    const { nilResponse, panicFailure } = language;
    if (nilResponse !== undefined) {
      it("fails a handler that answers no response and no error, rather than answering empty", async () => {
        const run = await serveOnce(binary, request({ input: { case: "raw", value: "nil" } }));
        expect([run.exitCode, run.answer.length, run.stderr]).toEqual([1, 0, `${nilResponse}\n`]);
      });
    }

    if (panicFailure !== undefined) {
      it("fails a handler that panics with one line on stderr and exit code 1", async () => {
        const run = await serveOnce(binary, request({ input: { case: "raw", value: "panic" } }));
        expect([run.exitCode, run.answer.length, run.stderr]).toEqual([1, 0, `${panicFailure}\n`]);
      });
    }

    it("rejects a request that does not parse", async () => {
      const run = await serveOnce(binary, Uint8Array.of(0xff, 0xff));
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/^ServeSample: the request does not parse/);
    });

    it("rejects a length prefix that does not fit 64 bits, rather than letting it wrap", async () => {
      // Ten bytes whose last one sets bit 64: decoded without a check, this wraps to 0.
      const run = await serveBytes(binary, Uint8Array.of(...Array(9).fill(0x80), 0x02));
      expect([run.exitCode, run.answer.length, run.stderr]).toEqual([
        1,
        0,
        "ServeSample: the request's length is out of range\n",
      ]);
    });

    describe.each(modes)("through the runtime, mode %s", (mode) => {
      it("answers calls of the generated client, and fails the call whose handler fails", async () => {
        const client = await m.SampleServiceClient.create({ mode });
        try {
          const codeToken = await client.register(binary, { workers: 1 });
          const hello = await client.sample(
            {
              function: m.FunctionType.HELLO_WORLD,
              input: { case: "payload", value: { text: mode } },
            },
            { codeToken, timeoutMs: 20_000 },
          );
          expect(hello.greeting).toBe(`${language.greeting}${mode}`);
          const primes = await client.sample(
            { function: m.FunctionType.PRIME_SIEVE, counters: { limit: 20n } },
            { codeToken, timeoutMs: 20_000 },
          );
          expect(primes.primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19]);
          const failed = await client
            .sample({ input: { case: "raw", value: "throw" } }, { codeToken, timeoutMs: 20_000 })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          // The client's RomaError is the runtime package's (dist), so it is matched by shape.
          expect(failed).toMatchObject({ name: "RomaError", code: "GUEST_CRASHED", exitCode: 1 });
        } finally {
          await client.close();
        }
      }, 120_000);
    });
  });
}
