import type { Schema } from "@bufbuild/protoplugin";
import { checkServeNames, romaServices } from "./annotations.js";
import { emitCppGuest } from "./cpp-guest.js";
import { emitGoGuest } from "./go-guest.js";
import { emitMarkdownDocs } from "./markdown-docs.js";
import type { RomaOptions } from "./parameter.js";
import { emitTsClient } from "./ts-client.js";

/**
 * Generates the chosen outputs for every file to generate that has Roma services,
 * one file per output and proto file. Files without annotated services get nothing.
 */
export function generate(schema: Schema<RomaOptions>): void {
  const { outputs } = schema.options;
  for (const file of schema.files) {
    const services = romaServices(file);
    if (services.length === 0) continue;
    checkServeNames(services);
    if (outputs.has("ts")) emitTsClient(schema, file, services);
    if (outputs.has("cpp")) emitCppGuest(schema, file, services);
    if (outputs.has("go")) emitGoGuest(schema, file, services);
    if (outputs.has("docs")) emitMarkdownDocs(schema, file, services);
  }
}
