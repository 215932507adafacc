import { constants } from "node:os";

/** A worker's end, decoded from its wait(2) status. */
export interface WorkerExit {
  exitCode: number | undefined;
  signal: string | undefined;
}

// Where two names share a number (SIGABRT/SIGIOT), the first, usual one wins.
const signalNames = new Map<number, string>(
  Object.entries(constants.signals)
    .reverse()
    .map(([name, num]) => [num, name]),
);

/** Decodes a raw wait status as the launcher reports it. */
export function decodeWaitStatus(status: number): WorkerExit {
  const sig = status & 0x7f;
  if (sig === 0) return { exitCode: (status >> 8) & 0xff, signal: undefined };
  return { exitCode: undefined, signal: signalNames.get(sig) ?? `signal ${sig}` };
}

/** "exit code 3" or "signal SIGSEGV". */
export function describeExit(exit: WorkerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
}
