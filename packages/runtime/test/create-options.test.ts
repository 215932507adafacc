import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { RomaService, type RomaServiceOptions } from "../src/index.js";
import { expectRomaError } from "./helpers/roma-helpers.js";

// Options are checked before anything starts, so these need neither root nor runsc's help.
describe("RomaService.create refuses bad options with INVALID_ARGUMENT", () => {
  const deep = join(tmpdir(), "d".repeat(90));
  mkdirSync(deep, { recursive: true });
  afterAll(() => rmSync(deep, { recursive: true, force: true }));

  const cases: Array<[string, RomaServiceOptions, string]> = [
    [
      "an unknown mode",
      { mode: "docker" as "gvisor" },
      'mode must be "gvisor" or "minimal", got "docker"',
    ],
    [
      "a negative workerWaitMs",
      { mode: "minimal", workerWaitMs: -1 },
      "workerWaitMs must be a positive number, got -1",
    ],
    [
      "a zero maxResponseBytes",
      { mode: "minimal", maxResponseBytes: 0 },
      "maxResponseBytes must be a positive number, got 0",
    ],
    [
      "a relative library dir",
      { mode: "minimal", libraryDirs: ["usr/lib"] },
      'libraryDirs: "usr/lib" is not an absolute path',
    ],
    [
      "a missing library dir",
      { mode: "minimal", libraryDirs: ["/no/such/lib"] },
      'libraryDirs: "/no/such/lib" does not exist',
    ],
    [
      "a tempDir that does not exist",
      { mode: "minimal", tempDir: "/no/such/dir" },
      "tempDir /no/such/dir: cannot create the service's directory there",
    ],
    [
      "a tempDir too deep for socket paths",
      { mode: "minimal", tempDir: deep },
      "is too deep for Unix socket paths",
    ],
  ];
  it.each(cases)("%s", async (_name, options, message) => {
    await expectRomaError(RomaService.create(options), "INVALID_ARGUMENT", message);
  });
});
