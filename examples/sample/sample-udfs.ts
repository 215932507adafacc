import { join } from "node:path";
import type { CodeToken, LoadOptions } from "@roma-ts/runtime";
import type { SampleServiceClient } from "./gen/sample_roma.js";

/**
 * The UDF binaries of each language, one per rpc of SampleService: the guest ABI carries
 * no method name, so a binary serves one rpc (as in Roma BYOB). build-udfs.sh writes them
 * to `<build dir>/<language dir>/<rpc>`.
 */
export const udfRpcs = [
  "sample",
  "read-payload",
  "generate-payload",
  "run-prime-sieve",
  "sort-list",
] as const;

/** One rpc's binary name, as build-udfs.sh names it. */
export type UdfRpc = (typeof udfRpcs)[number];

/** The languages the sample's UDFs are written in, and their dirs under the build dir. */
export const languages = [
  { name: "C++", dir: "cpp" },
  { name: "Go", dir: "go" },
] as const;

/** A UDF language's display name. */
export type Language = (typeof languages)[number]["name"];

/** The code token of every rpc's binary, per language. */
export type UdfTokens = Record<Language, Record<UdfRpc, CodeToken>>;

/** Where build-udfs.sh put one binary. */
export function udfPath(buildDir: string, language: Language, rpc: UdfRpc): string {
  const dir = languages.find((l) => l.name === language)?.dir ?? language;
  return join(buildDir, dir, rpc);
}

/** Registers every binary of both languages with `client`; answers their code tokens. */
export async function registerUdfs(
  client: SampleServiceClient,
  buildDir: string,
  options: LoadOptions = { workers: 1 },
): Promise<UdfTokens> {
  const tokens: Partial<UdfTokens> = {};
  for (const { name } of languages) {
    const entries = await Promise.all(
      udfRpcs.map(
        async (rpc) => [rpc, await client.register(udfPath(buildDir, name, rpc), options)] as const,
      ),
    );
    tokens[name] = Object.fromEntries(entries) as Record<UdfRpc, CodeToken>;
  }
  return tokens as UdfTokens;
}
