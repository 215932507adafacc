/** Name of the plugin, as buf and protoc call it. */
export const pluginName = "protoc-gen-roma";

/** Version of the plugin, written into every generated file's preamble; kept equal to package.json's. */
export const pluginVersion = "v0.1.0";
