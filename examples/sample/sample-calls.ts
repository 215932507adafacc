import type { DescMessage, Message } from "@bufbuild/protobuf";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";
import type { RomaCallOptions } from "@roma-ts/runtime";
import {
  FunctionType,
  GeneratePayloadResponseSchema,
  ReadPayloadResponseSchema,
  RunPrimeSieveResponseSchema,
  SampleResponseSchema,
  SortListResponseSchema,
} from "./gen/sample_pb.js";
import type { SampleServiceClient } from "./gen/sample_roma.js";
import type { UdfRpc } from "./sample-udfs.js";

/**
 * One call the sample makes on each language's UDF: what it sends, which binary serves
 * it, and how its answer is judged and shown. main.ts and the end-to-end test share these.
 */
export interface SampleCall {
  /** The rpc and the gist of its request, e.g. `RunPrimeSieve(100000)`. */
  readonly label: string;
  /** The binary that serves it. */
  readonly rpc: UdfRpc;
  /** The response's schema, to compare two languages' answers. */
  readonly schema: DescMessage;
  /** Makes the call. */
  invoke(client: SampleServiceClient, options: RomaCallOptions): Promise<Message>;
  /** What is wrong with the answer; empty when it is right. */
  problems(response: Message): string[];
  /** The answer in a few words. */
  summary(response: Message): string;
}

interface TypedCall<R extends Message> {
  label: string;
  rpc: UdfRpc;
  schema: GenMessage<R>;
  invoke(client: SampleServiceClient, options: RomaCallOptions): Promise<R>;
  problems(response: R): string[];
  summary(response: R): string;
}

// Each call is typed by its own response; the list holds them side by side.
function defineCall<R extends Message>(call: TypedCall<R>): SampleCall {
  return call as unknown as SampleCall;
}

/** Every prime below `limit`, ascending: what the sieves must answer. */
export function primesBelow(limit: number): number[] {
  const composite = new Uint8Array(Math.max(limit, 0));
  const primes: number[] = [];
  for (let n = 2; n < limit; n++) {
    if (composite[n]) continue;
    primes.push(n);
    for (let m = n * n; m < limit; m += n) composite[m] = 1;
  }
  return primes;
}

/** The numbers SortList generates from `seed`, sorted: x = x * 1664525 + 1013904223 mod 2^32. */
export function sortedNumbers(count: number, seed: number): number[] {
  const numbers = new Uint32Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    numbers[i] = x;
  }
  return Array.from(numbers.sort());
}

function expectEqual(what: string, actual: unknown, expected: unknown): string[] {
  return actual === expected
    ? []
    : [`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}

function expectList(
  what: string,
  actual: readonly number[],
  expected: readonly number[],
): string[] {
  if (actual.length !== expected.length) {
    return [`${what}: ${actual.length} numbers, expected ${expected.length}`];
  }
  const at = actual.findIndex((n, i) => n !== expected[i]);
  return at < 0 ? [] : [`${what}[${at}] is ${actual[at]}, expected ${expected[at]}`];
}

const sieveLimit = 100_000;
const primes = primesBelow(sieveLimit);
const payloadCount = 100;
const payloadSize = 1024;
const sortCount = 10_000;
const sortSeed = 42;
const sorted = sortedNumbers(sortCount, sortSeed);

/** The calls main.ts and the tests make, in order, on each language. */
export const sampleCalls: readonly SampleCall[] = [
  defineCall({
    label: "Sample(HELLO_WORLD)",
    rpc: "sample",
    schema: SampleResponseSchema,
    invoke: (client, options) => client.sample({ function: FunctionType.HELLO_WORLD }, options),
    problems: (r) => [
      ...expectEqual("greeting", r.greeting, "Hello, world!"),
      ...expectList("prime_numbers", r.primeNumbers, []),
    ],
    summary: (r) => JSON.stringify(r.greeting),
  }),
  defineCall({
    label: "Sample(PRIME_SIEVE)",
    rpc: "sample",
    schema: SampleResponseSchema,
    invoke: (client, options) => client.sample({ function: FunctionType.PRIME_SIEVE }, options),
    problems: (r) => [
      ...expectEqual("greeting", r.greeting, ""),
      ...expectList("prime_numbers", r.primeNumbers, primes),
    ],
    summary: (r) =>
      `${r.primeNumbers.length} primes below ${sieveLimit}: ${r.primeNumbers.slice(0, 5).join(", ")} … ${r.primeNumbers.at(-1)}`,
  }),
  defineCall({
    label: `ReadPayload(${payloadCount} × ${payloadSize} B)`,
    rpc: "read-payload",
    schema: ReadPayloadResponseSchema,
    invoke: (client, options) =>
      client.readPayload(
        { payloads: Array.from({ length: payloadCount }, () => new Uint8Array(payloadSize)) },
        options,
      ),
    problems: (r) => expectEqual("payload_size", r.payloadSize, BigInt(payloadCount * payloadSize)),
    summary: (r) => `counted ${r.payloadSize} bytes`,
  }),
  defineCall({
    label: `GeneratePayload(${payloadCount} × ${payloadSize} B)`,
    rpc: "generate-payload",
    schema: GeneratePayloadResponseSchema,
    invoke: (client, options) =>
      client.generatePayload(
        { elementSize: BigInt(payloadSize), elementCount: BigInt(payloadCount) },
        options,
      ),
    problems: (r) => [
      ...expectEqual("number of payloads", r.payloads.length, payloadCount),
      ...r.payloads
        .map((p, i) =>
          p.length === payloadSize && p.every((b) => b === 0x61)
            ? ""
            : `payloads[${i}] is not ${payloadSize} bytes of 'a'`,
        )
        .filter((problem) => problem !== ""),
    ],
    summary: (r) =>
      `${r.payloads.length} payloads of ${r.payloads[0]?.length ?? 0} bytes ("${new TextDecoder().decode(r.payloads[0]?.subarray(0, 3))}…")`,
  }),
  defineCall({
    label: `RunPrimeSieve(${sieveLimit})`,
    rpc: "run-prime-sieve",
    schema: RunPrimeSieveResponseSchema,
    invoke: (client, options) => client.runPrimeSieve({ primeCount: sieveLimit }, options),
    problems: (r) => expectEqual("largest_prime", r.largestPrime, 99_991),
    summary: (r) => `largest prime ${r.largestPrime}`,
  }),
  defineCall({
    label: `SortList(${sortCount}, seed ${sortSeed})`,
    rpc: "sort-list",
    schema: SortListResponseSchema,
    invoke: (client, options) => client.sortList({ count: sortCount, seed: sortSeed }, options),
    problems: (r) => expectList("numbers", r.numbers, sorted),
    summary: (r) => `${r.numbers.length} numbers, ascending: ${r.numbers[0]} … ${r.numbers.at(-1)}`,
  }),
];
