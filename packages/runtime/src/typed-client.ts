import {
  create,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type DescService,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { RomaError, RomaErrorCode } from "./errors.js";
import type { CodeToken, ExecuteOptions, ExecutionResult, LoadOptions } from "./options.js";
import type { RomaService } from "./roma-service.js";

/** Options of one typed call: which loaded binary serves it, plus deadline and signal. */
export interface RomaCallOptions extends ExecuteOptions {
  /** The token `register`/`loadBinary` returned for the binary that serves this call. */
  codeToken: CodeToken;
  /**
   * Called once the guest has answered, with the call's timing and, for a binary loaded
   * with `logs: true`, what it wrote (a failed call carries its output on RomaError.logs).
   */
  onResult?: (result: Omit<ExecutionResult, "response">) => void;
}

/** Serializes `request`, executes it and parses the response with the method's schemas. */
export async function callUnary<I extends DescMessage, O extends DescMessage>(
  roma: RomaService,
  method: DescMethodUnary<I, O>,
  request: MessageInitShape<I>,
  options: RomaCallOptions,
): Promise<MessageShape<O>> {
  const bytes = toBinary(method.input, create(method.input, request));
  const { codeToken, onResult, ...execOptions } = options;
  const { response, ...details } = await roma.executeWithMetrics(codeToken, bytes, execOptions);
  onResult?.(details);
  try {
    return fromBinary(method.output, response);
  } catch (cause) {
    throw new RomaError(
      RomaErrorCode.MalformedResponse,
      `the guest's response to ${method.parent.typeName}.${method.name} does not parse as ${method.output.typeName}: ${String(cause)}`,
      { step: "execute", codeToken, cause },
    );
  }
}

/** A typed client for a service: one async function per unary rpc. */
export type RomaClient<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageInitShape<I>, options: RomaCallOptions) => Promise<MessageShape<O>>
    : never;
};

/** Builds a typed client from a service descriptor, the connect-es way. */
export function createRomaClient<S extends DescService>(
  service: S,
  roma: RomaService,
): RomaClient<S> {
  const client: Record<string, unknown> = {};
  for (const method of service.methods) {
    client[method.localName] = unaryOnly(
      method,
      (request: MessageInitShape<DescMessage>, options: RomaCallOptions) =>
        callUnary(roma, method as DescMethodUnary, request, options),
    );
  }
  return client as RomaClient<S>;
}

function unaryOnly<T>(method: DescMethod, fn: T): T {
  if (method.methodKind !== "unary") {
    throw new RomaError(
      RomaErrorCode.InvalidArgument,
      `${method.parent.typeName}.${method.name} is a ${method.methodKind} rpc; a Roma guest serves unary rpcs only`,
    );
  }
  return fn;
}

/**
 * The base of generated clients (`<Service>Client`): owns or shares a RomaService,
 * registers binaries, and calls rpcs. Generated subclasses add one typed method per rpc.
 */
export class RomaClientBase implements AsyncDisposable {
  /** The service that runs the binaries. */
  readonly roma: RomaService;
  readonly #ownsService: boolean;

  /** Wraps `roma`; `close()` closes it only when `ownsService` is true. */
  constructor(roma: RomaService, options: { ownsService?: boolean } = {}) {
    this.roma = roma;
    this.#ownsService = options.ownsService ?? false;
  }

  /** Loads a guest binary for this service's rpcs; returns its code token. */
  register(binaryPath: string, options?: LoadOptions): Promise<CodeToken> {
    return this.roma.loadBinary(binaryPath, options);
  }

  /** Unloads a binary: its workers are killed, its token becomes unknown. */
  unregister(codeToken: CodeToken): Promise<void> {
    return this.roma.delete(codeToken);
  }

  /** Closes the RomaService if this client created it. */
  async close(): Promise<void> {
    if (this.#ownsService) await this.roma.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Calls one unary rpc on the binary named by `options.codeToken`. */
  protected call<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
    options: RomaCallOptions,
  ): Promise<MessageShape<O>> {
    return callUnary(this.roma, method, request, options);
  }
}
