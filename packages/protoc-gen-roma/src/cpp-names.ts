import type { DescMessage, DescService } from "@bufbuild/protobuf";
import { where } from "./annotations.js";
import { RefusedError } from "./errors.js";
import type { RomaServiceAnnotation } from "./gen/apis/privacysandbox/apis/roma/app_api/v1/options_pb.js";

// protoc's C++ generator appends "_" to names that are keywords; we must name its classes the same.
const keywords = new Set(
  (
    "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t " +
    "char32_t class compl concept const consteval constexpr constinit const_cast continue co_await " +
    "co_return co_yield decltype default delete do double dynamic_cast else enum explicit export " +
    "extern false float for friend goto if inline int long mutable namespace new noexcept not " +
    "not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires " +
    "return short signed sizeof static static_assert static_cast struct switch template this " +
    "thread_local throw true try typedef typeid typename union unsigned using virtual void " +
    "volatile wchar_t while xor xor_eq"
  ).split(" "),
);

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The fully qualified C++ class protoc generates for a message, e.g. `::pkg::v1::Outer_Inner`. */
export function cppClassName(message: DescMessage): string {
  const pkg = message.file.proto.package;
  const local = pkg === "" ? message.typeName : message.typeName.slice(pkg.length + 1);
  let name = local.replaceAll(".", "_");
  if (keywords.has(name)) name += "_";
  return pkg === "" ? `::${name}` : `::${pkg.replaceAll(".", "::")}::${name}`;
}

/**
 * The namespace the guest scaffolding of `service` goes in: the annotation's
 * `cpp_namespace`, else the proto package. Refuses when there is neither, or when the
 * result is not a valid C++ namespace.
 */
export function cppNamespace(service: DescService, annotation: RomaServiceAnnotation): string {
  const given = annotation.cppNamespace.replace(/^::/, "");
  const from = given !== "" ? "cpp_namespace" : "package";
  const namespace = given !== "" ? given : service.file.proto.package.replaceAll(".", "::");
  if (namespace === "") {
    throw new RefusedError(
      `${where(service)}: cannot derive a C++ namespace for the guest scaffolding: the file has no package and roma_svc_annotation sets no cpp_namespace; set one of them`,
    );
  }
  for (const part of namespace.split("::")) {
    if (!identifier.test(part) || keywords.has(part)) {
      throw new RefusedError(
        `${where(service)}: cannot derive a C++ namespace from ${from} "${given !== "" ? given : service.file.proto.package}": "${part}" is not a valid C++ identifier`,
      );
    }
  }
  return namespace;
}

/** An include guard for a generated header at `path`. */
export function includeGuard(path: string): string {
  return `${path.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_`;
}
