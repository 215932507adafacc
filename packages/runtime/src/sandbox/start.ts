import type { ServiceSettings } from "../service-options.js";
import { startGvisorSandbox } from "./gvisor-sandbox.js";
import { startMinimalSandbox } from "./minimal-sandbox.js";
import type { Sandbox, SandboxLayout } from "./sandbox.js";

/** Starts the sandbox of the configured mode; `name` is unique to this instance. */
export function startSandbox(
  settings: ServiceSettings,
  layout: SandboxLayout,
  name: string,
): Sandbox {
  if (settings.mode === "minimal") return startMinimalSandbox(layout, settings.libraries);
  return startGvisorSandbox({
    runsc: settings.runsc as string,
    containerId: name,
    layout,
    libraries: settings.libraries,
    platform: settings.platform,
    runscFlags: settings.runscFlags,
  });
}
