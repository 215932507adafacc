import { clone } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema } from "@bufbuild/protobuf/wkt";
import { createEcmaScriptPlugin, type Plugin } from "@bufbuild/protoplugin";
import { generate } from "./generate.js";
import { parseRomaOptions, prepareParameter, type RomaOptions } from "./parameter.js";
import { pluginName, pluginVersion } from "./version.js";

/**
 * protoc-gen-roma as a pure function of a CodeGeneratorRequest: typed TS clients, C++
 * and Go guest scaffolding and docs for services annotated with `roma_svc_annotation`.
 * Invalid options and refused protos throw; run-node.ts turns that into exit code 1.
 */
export const protocGenRoma: Plugin = {
  name: pluginName,
  version: pluginVersion,
  run(request) {
    const { forwarded } = prepareParameter(request.parameter);
    const plugin = createEcmaScriptPlugin<RomaOptions>({
      name: pluginName,
      version: pluginVersion,
      parseOptions: parseRomaOptions,
      generateTs: generate,
    });
    const withDefaults = clone(CodeGeneratorRequestSchema, request);
    withDefaults.parameter = forwarded;
    return plugin.run(withDefaults);
  },
};
