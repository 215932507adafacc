import { setTimeout } from "node:timers/promises";
import { equals, type Message } from "@bufbuild/protobuf";
import type { SampleServiceClient } from "./gen/sample_roma.js";
import { type SampleCall, sampleCalls } from "./sample-calls.js";
import { type Language, languages, type UdfTokens } from "./sample-udfs.js";

/** One call on one language's UDF, made `rounds` times: its answer, latency, and what is wrong. */
export interface CallResult {
  readonly call: SampleCall;
  readonly language: Language;
  /** Median wall time of the typed call (serialize, execute in the sandbox, parse), ms. */
  readonly ms: number;
  /** Every round's wall time, ms. */
  readonly latencies: number[];
  /** The last answer, when one came. */
  readonly response?: Message;
  /** The last error's code and message, when a round failed. */
  readonly error?: string;
  /** What is wrong with any round's answer; empty when every one is right. */
  readonly problems: string[];
}

/** Every call's results, and whether the languages agree. */
export interface SampleReport {
  readonly results: CallResult[];
  /** Calls whose answers differ between languages. */
  readonly disagreements: string[];
  /** True when every answer is right and the languages agree. */
  readonly ok: boolean;
}

/** How {@link runSample} paces and repeats its calls. */
export interface RunSampleOptions {
  /** Deadline of each call; default 10000 ms. */
  timeoutMs?: number;
  /** Pause before each call, so that a fresh worker is waiting for it; default 50 ms. */
  paceMs?: number;
  /** How many times each call is made on each language; default 1. */
  rounds?: number;
}

type Outcome = { ms: number; response: Message } | { ms: number; error: string };

async function timed(
  call: SampleCall,
  client: SampleServiceClient,
  options: { codeToken: string; timeoutMs: number },
): Promise<Outcome> {
  const start = performance.now();
  try {
    const response = await call.invoke(client, options);
    return { ms: performance.now() - start, response };
  } catch (e) {
    const error = `${(e as { code?: string }).code ?? "ERROR"}: ${(e as Error).message}`;
    return { ms: performance.now() - start, error };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

async function callRounds(
  call: SampleCall,
  language: Language,
  client: SampleServiceClient,
  codeToken: string,
  options: Required<RunSampleOptions>,
): Promise<CallResult> {
  const latencies: number[] = [];
  const problems = new Set<string>();
  let last: Outcome | undefined;
  for (let round = 0; round < options.rounds; round++) {
    await setTimeout(options.paceMs);
    last = await timed(call, client, { codeToken, timeoutMs: options.timeoutMs });
    latencies.push(last.ms);
    const found = "response" in last ? call.problems(last.response) : [last.error];
    for (const problem of found) problems.add(problem);
  }
  return {
    call,
    language,
    ms: median(latencies),
    latencies,
    ...(last !== undefined && "response" in last ? { response: last.response } : {}),
    ...(last !== undefined && "error" in last ? { error: last.error } : {}),
    problems: [...problems],
  };
}

/**
 * Makes every call of {@link sampleCalls} on each language's UDF, one at a time, and
 * judges the answers: each must pass its call's checks, and the languages must agree.
 */
export async function runSample(
  client: SampleServiceClient,
  tokens: UdfTokens,
  options: RunSampleOptions = {},
): Promise<SampleReport> {
  const settings = { timeoutMs: 10_000, paceMs: 50, rounds: 1, ...options };
  const results: CallResult[] = [];
  const disagreements: string[] = [];
  for (const call of sampleCalls) {
    const answers: CallResult[] = [];
    for (const { name: language } of languages) {
      answers.push(await callRounds(call, language, client, tokens[language][call.rpc], settings));
    }
    const [first, ...others] = answers;
    for (const other of others) {
      if (first?.response === undefined || other.response === undefined) continue;
      if (!equals(call.schema, first.response, other.response)) {
        disagreements.push(
          `${call.label}: ${first.language} and ${other.language} answer differently`,
        );
      }
    }
    results.push(...answers);
  }
  const ok = disagreements.length === 0 && results.every((r) => r.problems.length === 0);
  return { results, disagreements, ok };
}
