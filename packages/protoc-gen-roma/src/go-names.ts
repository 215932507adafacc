import type { DescFile, DescMessage } from "@bufbuild/protobuf";

/** Where a file's Go code lives, from its `go_package` option. */
export interface GoPackage {
  /** The import path, e.g. `example.com/sample/gen/samplepb`. */
  readonly importPath: string;
  /** The package name, e.g. `samplepb`. */
  readonly name: string;
}

const goKeywords = new Set(
  (
    "break case chan const continue default defer else fallthrough for func go goto if import " +
    "interface map package range return select struct switch type var"
  ).split(" "),
);

/**
 * The Go package of a file, read the way protoc-gen-go reads `go_package`
 * (`path;name`, or `path` whose last element, cleaned, is the name); undefined without one.
 */
export function goPackage(file: DescFile): GoPackage | undefined {
  const option = file.proto.options?.goPackage ?? "";
  if (option === "") return undefined;
  const semicolon = option.indexOf(";");
  if (semicolon >= 0) {
    return { importPath: option.slice(0, semicolon), name: option.slice(semicolon + 1) };
  }
  return { importPath: option, name: goSanitized(option.slice(option.lastIndexOf("/") + 1)) };
}

/** A Go identifier from arbitrary text: other characters become "_", keywords get a "_". */
export function goSanitized(text: string): string {
  let name = text.replace(/[^\p{L}\p{N}_]/gu, "_");
  if (/^\p{N}/u.test(name)) name = `_${name}`;
  if (goKeywords.has(name)) name += "_";
  return name;
}

const isLower = (c: string | undefined) => c !== undefined && c >= "a" && c <= "z";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * protoc-gen-go's CamelCase of a proto name: words start at "_" or an upper-case
 * letter, "_x" and ".x" drop the separator, other "." become "_", a leading "_" is "X".
 */
export function goCamelCase(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === "." && isLower(s[i + 1])) continue;
    if (c === ".") {
      out += "_";
    } else if (c === "_" && (i === 0 || s[i - 1] === ".")) {
      out += "X";
    } else if (c === "_" && isLower(s[i + 1])) {
      // The next letter starts a word and is upper-cased below.
    } else if (isDigit(c)) {
      out += c;
    } else {
      out += c.toUpperCase();
      while (isLower(s[i + 1])) {
        i++;
        out += s.charAt(i);
      }
    }
  }
  return out;
}

/** The Go type name protoc-gen-go gives a message, e.g. `Outer_Inner`. */
export function goMessageName(message: DescMessage): string {
  const pkg = message.file.proto.package;
  return goCamelCase(pkg === "" ? message.typeName : message.typeName.slice(pkg.length + 1));
}
