import { InvalidOptionError } from "./errors.js";

/** One kind of file protoc-gen-roma writes. */
export type RomaOutput = "ts" | "cpp" | "go" | "docs";

/** Where the Go guest file goes, with the meanings protoc-gen-go gives `paths=`. */
export type GoPaths = "source_relative" | "import";

/** protoc-gen-roma's own plugin options, parsed. */
export interface RomaOptions {
  /** The outputs to write; `outputs=ts+cpp+go+docs` (the default is all four). */
  readonly outputs: ReadonlySet<RomaOutput>;
  /** The module the TS client imports the runtime from; `runtime_import=`, default `@roma-ts/runtime`. */
  readonly runtimeImport: string;
  /** `go_paths=`: beside the .proto (default, like protoc-gen-go's paths=source_relative) or under the go_package path. */
  readonly goPaths: GoPaths;
}

const allOutputs: readonly RomaOutput[] = ["ts", "cpp", "go", "docs"];

/** Options that @bufbuild/protoplugin parses itself, with their standard meaning. */
const protopluginOptions = new Set([
  "target",
  "import_extension",
  "js_import_style",
  "ts_nocheck",
  "elide_plugin_version",
  "keep_empty_files",
  "map_imports",
  "rewrite_imports",
  "bootstrap_wkt",
]);

const romaOptionKeys = new Set(["outputs", "runtime_import", "go_paths"]);

/** A plugin parameter split into options, the way protoplugin splits it. */
function splitParameter(parameter: string): { key: string; value: string; raw: string }[] {
  if (parameter === "") return [];
  return parameter.split(",").map((raw) => {
    const i = raw.indexOf("=");
    return i < 0
      ? { key: raw, value: "", raw }
      : { key: raw.slice(0, i), value: raw.slice(i + 1), raw };
  });
}

/**
 * Parses protoc-gen-roma's own options (protoplugin hands over the ones it does not
 * know). Throws {@link InvalidOptionError} for an unknown option or a bad value.
 */
export function parseRomaOptions(
  rawOptions: readonly { key: string; value: string }[],
): RomaOptions {
  let outputs: ReadonlySet<RomaOutput> = new Set(allOutputs);
  let runtimeImport = "@roma-ts/runtime";
  let goPaths: GoPaths = "source_relative";
  for (const { key, value } of rawOptions) {
    const raw = value === "" ? key : `${key}=${value}`;
    switch (key) {
      case "outputs":
        outputs = parseOutputs(raw, value);
        break;
      case "runtime_import":
        if (value === "") throw new InvalidOptionError(raw, "expected a module specifier");
        runtimeImport = value;
        break;
      case "go_paths":
        if (value !== "source_relative" && value !== "import") {
          throw new InvalidOptionError(raw, 'expected "source_relative" or "import"');
        }
        goPaths = value;
        break;
      default:
        throw new InvalidOptionError(
          raw,
          `unknown option; protoc-gen-roma takes ${[...romaOptionKeys].join(", ")} and protoplugin's ${[...protopluginOptions].join(", ")}`,
        );
    }
  }
  return { outputs, runtimeImport, goPaths };
}

function parseOutputs(raw: string, value: string): ReadonlySet<RomaOutput> {
  const outputs = new Set<RomaOutput>();
  for (const name of value.split("+")) {
    const output = allOutputs.find((o) => o === name);
    if (output === undefined) {
      throw new InvalidOptionError(
        raw,
        `unknown output "${name}"; choose from ${allOutputs.join(", ")}, joined with "+"`,
      );
    }
    outputs.add(output);
  }
  return outputs;
}

/** The outcome of {@link prepareParameter}. */
export interface PreparedParameter {
  /** Roma's options, validated. */
  readonly options: RomaOptions;
  /** The parameter to hand to protoplugin: the given one plus our defaults for its options. */
  readonly forwarded: string;
}

/**
 * Validates the whole parameter before protoplugin sees it, so that every error names
 * exactly one option, and sets protoplugin's defaults the way this plugin needs them:
 * `target=ts` (protoplugin's own default, js+dts, would transpile our C++, Go and
 * Markdown files as if they were TypeScript) and `import_extension=js` (the runtime is
 * Node ESM, which needs the extension).
 */
export function prepareParameter(parameter: string): PreparedParameter {
  const roma: { key: string; value: string }[] = [];
  const given = new Set<string>();
  for (const { key, value, raw } of splitParameter(parameter)) {
    given.add(key);
    if (romaOptionKeys.has(key)) {
      roma.push({ key, value });
    } else if (key === "target" && value !== "ts") {
      throw new InvalidOptionError(
        raw,
        "protoc-gen-roma writes TypeScript sources only; use target=ts (the default)",
      );
    } else if (!protopluginOptions.has(key)) {
      // Delegate the message to the one parser of our options.
      parseRomaOptions([{ key, value }]);
    }
  }
  const options = parseRomaOptions(roma);
  const defaults = [
    given.has("target") ? [] : ["target=ts"],
    given.has("import_extension") ? [] : ["import_extension=js"],
  ].flat();
  const forwarded = [parameter, ...defaults].filter((p) => p !== "").join(",");
  return { options, forwarded };
}
