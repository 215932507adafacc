/** Host paths of one service instance's private directory. */
export interface SandboxLayout {
  /** The instance's temp dir; everything below is removed on close. */
  tempDir: string;
  /** Unix sockets the launcher connects to (bind-mounted read-write under gVisor). */
  sockDir: string;
  /** Copies of loaded binaries, one directory per code token. */
  binsDir: string;
  controlSocket: string;
  dataSocket: string;
}

/** How a sandbox process ended. */
export interface SandboxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The tail of what the sandbox process wrote on stderr. */
  stderr: string;
}

/** A running launcher: under runsc ("gvisor") or on the host ("minimal"). */
export interface Sandbox {
  /** e.g. "gvisor (runsc, platform ptrace)". */
  readonly description: string;
  /** The runsc container id, in "gvisor" mode. */
  readonly containerId: string | undefined;
  /** The pid of the host process that was started (runsc, or the launcher). */
  readonly pid: number | undefined;
  /** Resolves when the sandbox process ends, for whatever reason. */
  readonly exited: Promise<SandboxExit>;
  /** Where a file under `layout.binsDir` is seen by the launcher. */
  binaryPathInside(hostPath: string): string;
  /** Extra help for a start-up failure, from the sandbox's own logs. */
  diagnose(): Promise<string>;
  /**
   * Stops the sandbox and waits until nothing of it is left. The launcher should have
   * been sent SHUTDOWN first: it gets a moment to kill its workers and leave.
   */
  stop(): Promise<void>;
  /** Best-effort synchronous stop, for process exit. */
  stopSync(): void;
}
