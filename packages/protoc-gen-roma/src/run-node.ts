// The process side of the plugin: CodeGeneratorRequest on stdin, response on stdout.
import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenRoma } from "./plugin.js";

runNodeJs(protocGenRoma);
