import type { CallResult, SampleReport } from "./run-sample.js";

function line(result: CallResult): string {
  const mark = result.problems.length === 0 ? "✓" : "✗";
  const answer =
    result.response === undefined ? result.error : result.call.summary(result.response);
  const ms = `${result.ms.toFixed(2)} ms`.padStart(10);
  const head = `  ${mark} ${result.language.padEnd(4)}${ms}  ${answer}`;
  return [head, ...result.problems.map((p) => `        ${p}`)].join("\n");
}

/** The report as the sample prints it: one block per call, a line per language, a verdict. */
export function formatReport(report: SampleReport): string {
  const out: string[] = [];
  let label = "";
  for (const result of report.results) {
    if (result.call.label !== label) {
      label = result.call.label;
      out.push(label);
    }
    out.push(line(result));
  }
  out.push("");
  const calls = report.results.length;
  const answers = report.results.reduce((sum, r) => sum + r.latencies.length, 0);
  const wrong = report.results.filter((r) => r.problems.length > 0).length;
  if (report.ok) {
    out.push(
      `All ${answers} answers to the ${calls} calls are right, and C++ and Go agree on every call.`,
    );
  } else {
    if (wrong > 0) out.push(`${wrong} of ${calls} calls answered wrongly (✗ above).`);
    out.push(...report.disagreements);
  }
  return out.join("\n");
}
