import {
  type DescEnum,
  type DescEnumValue,
  type DescField,
  type DescFile,
  type DescMessage,
  type DescMethod,
  type DescService,
  getOption,
  hasOption,
} from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";
import { RefusedError } from "./errors.js";
import {
  type RomaServiceAnnotation,
  roma_enum_annotation,
  roma_enumval_annotation,
  roma_field_annotation,
  roma_mesg_annotation,
  roma_rpc_annotation,
  roma_svc_annotation,
} from "./gen/apis/privacysandbox/apis/roma/app_api/v1/options_pb.js";

/** A service that a Roma guest serves: annotated, unary rpcs only, none of them a host rpc. */
export interface RomaService {
  readonly desc: DescService;
  /** Its `roma_svc_annotation`. */
  readonly annotation: RomaServiceAnnotation;
}

/** The file, service and (optionally) rpc a refusal is about, as one readable prefix. */
export function where(service: DescService, method?: DescMethod): string {
  const rpc = method === undefined ? "" : `: rpc ${method.name}`;
  return `${service.file.proto.name}: service ${service.typeName}${rpc}`;
}

/**
 * The services of `file` that carry `roma_svc_annotation`, checked. Services without it
 * are skipped, as are host services (every rpc marked `cpp_host_process_callback`:
 * implemented by the host, not served by a guest). Throws {@link RefusedError} for what
 * a guest cannot serve.
 */
export function romaServices(file: DescFile): RomaService[] {
  const services: RomaService[] = [];
  for (const desc of file.services) {
    if (!hasOption(desc, roma_svc_annotation)) continue;
    const hostRpcs = desc.methods.filter(isHostRpc);
    if (hostRpcs.length > 0 && hostRpcs.length === desc.methods.length) continue;
    for (const method of desc.methods) {
      if (isHostRpc(method)) {
        throw new RefusedError(
          `${where(desc, method)} is a host rpc (cpp_host_process_callback) in a service whose other rpcs are served by the guest; put host rpcs in a service of their own`,
        );
      }
      if (method.methodKind !== "unary") {
        throw new RefusedError(
          `${where(desc, method)} is ${method.methodKind.replace("_", "-")}; a Roma guest answers one request with one response, so only unary rpcs can be served`,
        );
      }
    }
    services.push({ desc, annotation: getOption(desc, roma_svc_annotation) });
  }
  return services;
}

function isHostRpc(method: DescMethod): boolean {
  return (
    hasOption(method, roma_rpc_annotation) &&
    getOption(method, roma_rpc_annotation).cppHostProcessCallback !== ""
  );
}

/** Anything that a description can be attached to. */
export type Describable =
  | DescService
  | DescMethod
  | DescMessage
  | DescField
  | DescEnum
  | DescEnumValue;

/**
 * The description of a descriptor: the Roma annotation's `description` when it has one,
 * else the leading comment in the .proto, else "".
 */
export function describe(desc: Describable): string {
  const annotated = annotationDescription(desc);
  if (annotated !== "") return annotated;
  const leading = getComments(desc).leading ?? "";
  return leading
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .trim();
}

function annotationDescription(desc: Describable): string {
  switch (desc.kind) {
    case "service":
      return hasOption(desc, roma_svc_annotation)
        ? getOption(desc, roma_svc_annotation).description
        : "";
    case "rpc":
      return hasOption(desc, roma_rpc_annotation)
        ? getOption(desc, roma_rpc_annotation).description
        : "";
    case "message":
      return hasOption(desc, roma_mesg_annotation)
        ? getOption(desc, roma_mesg_annotation).description
        : "";
    case "field":
      return hasOption(desc, roma_field_annotation)
        ? getOption(desc, roma_field_annotation).description
        : "";
    case "enum":
      return hasOption(desc, roma_enum_annotation)
        ? getOption(desc, roma_enum_annotation).description
        : "";
    case "enum_value":
      return hasOption(desc, roma_enumval_annotation)
        ? getOption(desc, roma_enumval_annotation).description
        : "";
  }
}

/** Serve function name of an rpc in the guest scaffolding: `Serve` + the rpc's name. */
export function serveName(method: DescMethod): string {
  return `Serve${method.name.charAt(0).toUpperCase()}${method.name.slice(1)}`;
}

/**
 * Refuses two rpcs of one file whose serve functions would get the same name: guest
 * scaffolding has one function per rpc in one namespace/package.
 */
export function checkServeNames(services: readonly RomaService[]): void {
  const seen = new Map<string, DescMethod>();
  for (const { desc } of services) {
    for (const method of desc.methods) {
      const name = serveName(method);
      const other = seen.get(name);
      if (other !== undefined) {
        throw new RefusedError(
          `${where(desc, method)} would get the guest function ${name}, which rpc ${other.name} of service ${other.parent.typeName} already has; rename one of them`,
        );
      }
      seen.set(name, method);
    }
  }
}
