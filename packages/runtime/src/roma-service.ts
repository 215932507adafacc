import type { CodeToken, ExecuteOptions, LoadOptions, RomaServiceOptions } from "./options.js";

/** Runs untrusted binaries: see the package README. (Being built.) */
export class RomaService implements AsyncDisposable {
  static async create(_options: RomaServiceOptions = {}): Promise<RomaService> {
    throw new Error("not yet");
  }
  async loadBinary(_path: string, _options: LoadOptions = {}): Promise<CodeToken> {
    throw new Error("not yet");
  }
  async execute(_token: CodeToken, _request: Uint8Array, _options: ExecuteOptions = {}): Promise<Uint8Array> {
    throw new Error("not yet");
  }
  async delete(_token: CodeToken): Promise<void> {}
  async close(): Promise<void> {}
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
