import { delimiter, resolve } from "node:path";

/** The repository's root. */
export const repoRoot = resolve(import.meta.dirname, "../../../..");

/** This package's root. */
export const packageRoot = resolve(import.meta.dirname, "../..");

/** An environment whose PATH finds the repo's npm bins (buf, protoc-gen-es) and .tools/bin. */
export function toolEnv(): NodeJS.ProcessEnv {
  const bins = [resolve(repoRoot, "node_modules/.bin"), resolve(repoRoot, ".tools/bin")];
  return { ...process.env, PATH: [...bins, process.env.PATH ?? ""].join(delimiter) };
}
