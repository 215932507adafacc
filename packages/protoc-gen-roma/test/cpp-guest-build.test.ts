import { describeGuest } from "./helpers/guest-suite.js";
import { buildCppGuest } from "./helpers/sample-build.js";

// protoc 3.21's C++ output + the generated header + libprotobuf, built with g++.
describeGuest({
  name: "C++",
  generate: { cpp: true },
  build: buildCppGuest,
  greeting: "hello from C++, ",
  failure: "ServeSample: the handler threw: asked to throw",
});
