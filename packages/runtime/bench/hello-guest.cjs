// The hello-world guest in JavaScript, for the bench's "Node child per request"
// baseline: ready byte, one delimited request, "Hello, <request>" delimited, exit.
const net = require("node:net");
const sock = new net.Socket({ fd: Number(process.argv[2]), readable: true, writable: true });
let got = Buffer.alloc(0);
sock.on("data", (chunk) => {
  got = Buffer.concat([got, chunk]);
  if (got.length < 1 || got.length < 1 + got[0]) return;
  const body = Buffer.concat([Buffer.from("Hello, "), got.subarray(1, 1 + got[0])]);
  sock.end(Buffer.concat([Buffer.from([body.length]), body]), () => process.exit(0));
});
sock.write(Buffer.from("R"));
