/** A plugin option that protoc-gen-roma does not accept; the message names the option. */
export class InvalidOptionError extends Error {
  override name = "InvalidOptionError";

  /** `option` is the raw `key=value` text as given; `reason` says what is wrong with it. */
  constructor(option: string, reason: string) {
    super(`invalid option "${option}": ${reason}`);
  }
}

/**
 * A proto that protoc-gen-roma refuses to generate for (a streaming rpc, no C++
 * namespace, ...). The message names the file, the service and, where it applies, the rpc.
 */
export class RefusedError extends Error {
  override name = "RefusedError";
}
