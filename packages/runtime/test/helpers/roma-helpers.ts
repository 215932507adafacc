import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { expect } from "vitest";
import type { CodeToken, ExecuteOptions } from "../../src/index.js";
import { RomaError, type RomaErrorCode, type RomaService } from "../../src/index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export const bytes = (text: string): Uint8Array => encoder.encode(text);
/** A response as text. */
export const text = (data: Uint8Array): string => decoder.decode(data);

/** Sends a text command to a behave.c guest and returns its text answer. */
export async function run(
  roma: RomaService,
  token: CodeToken,
  command: string,
  options: ExecuteOptions = {},
): Promise<string> {
  return text(await roma.execute(token, bytes(command), options));
}

/**
 * Awaits a promise that must reject with a RomaError of `code` whose message contains
 * each of `mentions`. Returns the error for further checks.
 */
export async function expectRomaError(
  promise: Promise<unknown>,
  code: RomaErrorCode,
  ...mentions: (string | RegExp)[]
): Promise<RomaError> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await promise };
  } catch (error) {
    outcome = { error };
  }
  if ("value" in outcome) {
    const value = outcome.value instanceof Uint8Array ? text(outcome.value) : outcome.value;
    throw new Error(
      `expected a RomaError ${code}, but the call resolved with ${JSON.stringify(value)}`,
    );
  }
  const err = outcome.error;
  if (!(err instanceof RomaError)) {
    throw new Error(`expected a RomaError ${code}, got ${String(err)}`, { cause: err });
  }
  expect(`${err.code}: ${err.message}`).toMatch(new RegExp(`^${code}: `));
  for (const mention of mentions) {
    if (typeof mention === "string") expect(err.message).toContain(mention);
    else expect(err.message).toMatch(mention);
  }
  return err;
}

/** Measures how long a promise takes to settle, in ms, without rethrowing. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const start = performance.now();
  const [result] = await Promise.allSettled([promise]);
  return { ms: performance.now() - start, result: result as PromiseSettledResult<T> };
}

/** Processes (other than this one) whose command line contains `needle`. */
export function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    if (cmdline.includes(needle)) found.push(`${entry}: ${cmdline.trim()}`);
  }
  return found;
}

/** Whether a process with this pid exists (and is not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Pids of every living descendant of `root` (children, their children, ...). */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // The fields after the parenthesised command: state, then ppid.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const siblings = children.get(ppid) ?? [];
    siblings.push(Number(entry));
    children.set(ppid, siblings);
  }
  const found: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found.filter(processAlive);
}

/** Container ids in runsc's default state root. */
export function runscContainers(): string[] {
  return execFileSync("runsc", ["list", "-quiet"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

/** Polls `check` until it returns true or `ms` pass; returns the last result. */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
