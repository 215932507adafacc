import { describeGuest } from "./helpers/guest-suite.js";
import { buildGoGuest } from "./helpers/sample-build.js";

// protoc-gen-go's output + the generated Go file, built with the machine's Go.
describeGuest({
  name: "Go",
  generate: { go: true },
  build: buildGoGuest,
  greeting: "hello from Go, ",
  failure: "ServeSample: the handler failed: asked to fail",
  nilResponse: "ServeSample: the handler returned a nil response and no error",
  panicFailure: "ServeSample: the handler failed: panic: asked to panic",
});
