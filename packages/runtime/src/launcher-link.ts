import { createServer, type Server, type Socket } from "node:net";
import { type LauncherEvent, LauncherEventReader, PROTOCOL_VERSION } from "./launcher-protocol.js";

/** What the link reports to its owner. */
export interface LauncherLinkHandlers {
  /** A control event from the launcher. */
  onEvent(event: LauncherEvent): void;
  /** A worker's data connection, identified; `rest` is what followed the worker id. */
  onWorkerConnection(workerId: number, socket: Socket, rest: Buffer): void;
  /** The control connection broke or carried garbage: the launcher is gone. */
  onLost(reason: string): void;
}

/**
 * The host's end of the launcher's connections: one control connection, and one data
 * connection per worker, each opened by the launcher (from inside the sandbox) to Unix
 * sockets that this side listens on.
 */
export class LauncherLink {
  readonly #control: Server;
  readonly #data: Server;
  readonly #handlers: LauncherLinkHandlers;
  #controlSocket: Socket | undefined;
  #hello: Promise<void>;
  #helloResolve!: () => void;
  #helloReject!: (err: Error) => void;

  private constructor(handlers: LauncherLinkHandlers) {
    this.#handlers = handlers;
    this.#hello = new Promise((resolve, reject) => {
      this.#helloResolve = resolve;
      this.#helloReject = reject;
    });
    this.#hello.catch(() => {});
    this.#control = createServer((s) => this.#acceptControl(s));
    this.#data = createServer((s) => this.#acceptData(s));
  }

  /** Listens on both sockets. */
  static async listen(
    controlPath: string,
    dataPath: string,
    handlers: LauncherLinkHandlers,
  ): Promise<LauncherLink> {
    const link = new LauncherLink(handlers);
    await Promise.all([listen(link.#control, controlPath), listen(link.#data, dataPath)]);
    return link;
  }

  /** Resolves once the launcher has connected and said hello. */
  get hello(): Promise<void> {
    return this.#hello;
  }

  /** Sends a control message (see launcher-protocol.ts). */
  send(message: Buffer): void {
    this.#controlSocket?.write(message);
  }

  /** Closes the listeners and connections (what was sent is still delivered). */
  close(): void {
    this.#controlSocket?.end();
    this.#control.close();
    this.#data.close();
    this.#helloReject(new Error("closed"));
  }

  #acceptControl(socket: Socket): void {
    if (this.#controlSocket) {
      socket.destroy(); // only the launcher, once
      return;
    }
    this.#controlSocket = socket;
    const reader = new LauncherEventReader();
    socket.on("data", (chunk: Buffer) => {
      let events: LauncherEvent[];
      try {
        events = reader.push(chunk);
      } catch (err) {
        socket.destroy();
        this.#handlers.onLost(String(err));
        return;
      }
      for (const event of events) {
        if (event.type === "hello") {
          if (event.version === PROTOCOL_VERSION) this.#helloResolve();
          else
            this.#helloReject(
              new Error(`launcher speaks protocol ${event.version}, runtime ${PROTOCOL_VERSION}`),
            );
        } else {
          this.#handlers.onEvent(event);
        }
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => this.#handlers.onLost("the launcher's control connection closed"));
  }

  #acceptData(socket: Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) return;
      socket.off("data", onData);
      this.#handlers.onWorkerConnection(head.readUInt32LE(0), socket, head.subarray(4));
    };
    socket.on("data", onData);
    socket.on("error", () => {});
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
