import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescMessage } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import {
  RomaFieldAnnotationSchema,
  RomaFunctionAnnotationSchema,
  RomaMessageAnnotationSchema,
  RomaServiceAnnotationSchema,
  roma_enum_annotation,
  roma_enumval_annotation,
  roma_field_annotation,
  roma_mesg_annotation,
  roma_rpc_annotation,
  roma_svc_annotation,
} from "../src/gen/apis/privacysandbox/apis/roma/app_api/v1/options_pb.js";
import { packageRoot, toolEnv } from "./helpers/paths.js";

const optionsPb = "src/gen/apis/privacysandbox/apis/roma/app_api/v1/options_pb.ts";
const out = mkdtempSync(join(tmpdir(), "roma-gen-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("options proto", () => {
  it("matches the committed descriptors that the plugin reads (regenerate: npm run generate)", () => {
    execFileSync("buf", ["generate", "-o", out], {
      cwd: packageRoot,
      env: toolEnv(),
      stdio: "pipe",
    });
    expect(readFileSync(join(out, optionsPb), "utf8")).toBe(
      readFileSync(join(packageRoot, optionsPb), "utf8"),
    );
  });

  it("keeps the original's package, extension numbers and extendees", () => {
    const expected = [
      [roma_svc_annotation, 50000, "google.protobuf.ServiceOptions"],
      [roma_rpc_annotation, 50001, "google.protobuf.MethodOptions"],
      [roma_field_annotation, 50002, "google.protobuf.FieldOptions"],
      [roma_mesg_annotation, 50003, "google.protobuf.MessageOptions"],
      [roma_enum_annotation, 50004, "google.protobuf.EnumOptions"],
      [roma_enumval_annotation, 50005, "google.protobuf.EnumValueOptions"],
    ] as const;
    for (const [ext, number, extendee] of expected) {
      expect([ext.typeName, ext.number, ext.extendee.typeName]).toEqual([
        `privacysandbox.apis.roma.app_api.v1.${ext.name}`,
        number,
        extendee,
      ]);
    }
  });

  it("keeps the original's field numbers", () => {
    const numbers = (schema: DescMessage) => schema.fields.map((f) => `${f.name}=${f.number}`);
    expect(numbers(RomaServiceAnnotationSchema)).toEqual([
      "name=1",
      "code_id=2",
      "description=3",
      "cpp_namespace=4",
      "roma_app_name=5",
      "cpp_host_process_callback_includes=6",
      "csharp_namespace=7",
      "go_package=8",
      "proto_imports=9",
    ]);
    expect(numbers(RomaFunctionAnnotationSchema)).toEqual([
      "description=1",
      "cpp_host_process_callback=2",
    ]);
    expect(numbers(RomaFieldAnnotationSchema)).toEqual(["description=1"]);
    expect(numbers(RomaMessageAnnotationSchema)).toEqual(["description=1"]);
  });
});
