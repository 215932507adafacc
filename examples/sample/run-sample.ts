import { setTimeout } from "node:timers/promises";
import { equals, type Message } from "@bufbuild/protobuf";
import type { SampleServiceClient } from "./gen/sample_roma.js";
import { type SampleCall, sampleCalls } from "./sample-calls.js";
import { type Language, languages, type UdfTokens } from "./sample-udfs.js";

/** One call on one language's UDF: its answer or error, latency, and what is wrong. */
export interface CallResult {
  readonly call: SampleCall;
  readonly language: Language;
  /** Wall time of the typed call: serialize, execute in the sandbox, parse. */
  readonly ms: number;
  readonly response?: Message;
  /** The error's code and message, when the call failed. */
  readonly error?: string;
  /** What is wrong with the answer; empty when it is right. */
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

/** Makes every call of {@link sampleCalls} on each language's UDF, one at a time, and judges them. */
export async function runSample(
  client: SampleServiceClient,
  tokens: UdfTokens,
  options: { timeoutMs?: number; paceMs?: number } = {},
): Promise<SampleReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const paceMs = options.paceMs ?? 50;
  const results: CallResult[] = [];
  const disagreements: string[] = [];
  for (const call of sampleCalls) {
    const answers: CallResult[] = [];
    for (const { name: language } of languages) {
      const codeToken = tokens[language][call.rpc];
      await setTimeout(paceMs);
      const start = performance.now();
      try {
        const response = await call.invoke(client, { codeToken, timeoutMs });
        const ms = performance.now() - start;
        answers.push({ call, language, ms, response, problems: call.problems(response) });
      } catch (e) {
        const ms = performance.now() - start;
        const error = `${(e as { code?: string }).code ?? "ERROR"}: ${(e as Error).message}`;
        answers.push({ call, language, ms, error, problems: [error] });
      }
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
