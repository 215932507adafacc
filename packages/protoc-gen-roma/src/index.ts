export { InvalidOptionError, RefusedError } from "./errors.js";
export type { GoPaths, RomaOptions, RomaOutput } from "./parameter.js";
export { protocGenRoma } from "./plugin.js";
export { pluginName, pluginVersion } from "./version.js";
