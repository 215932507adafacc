#!/usr/bin/env node
// The plugin lives in dist; this shim only starts it (see src/run-node.ts).
import "../dist/run-node.js";
