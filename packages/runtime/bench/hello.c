// The benchmark's guest: the smallest correct one. Ready byte, read a delimited
// request, answer "Hello, <request>" delimited, exit.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_full(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n) {
    ssize_t k = read(fd, p, n);
    if (k <= 0) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int fd = atoi(argv[1]);
  if (write(fd, "R", 1) != 1) return 3;
  uint64_t len = 0;
  unsigned char b;
  for (int shift = 0;; shift += 7) {
    if (shift > 63 || read_full(fd, &b, 1)) return 4;
    len |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (len > 1024) return 5;
  char req[1024];
  if (read_full(fd, req, len)) return 6;
  char out[1100];
  size_t body = 7 + len;  // "Hello, " + request, < 128 so a one-byte varint
  out[0] = (char)body;
  memcpy(out + 1, "Hello, ", 7);
  memcpy(out + 8, req, len);
  return write(fd, out, 1 + body) == (ssize_t)(1 + body) ? 0 : 7;
}
