// Wire protocol between the host runtime (src/launcher-protocol.ts) and the
// launcher. Every control message is: u32 body length (LE), u8 type, body.
// Each worker's data connection starts with the u32 worker id (LE), written by
// the launcher before the worker runs; after it the guest ABI applies. A worker of
// a token loaded with LOAD_CAPTURE_LOGS has a second connection, its id marked with
// LOG_STREAM_BIT, that carries its stdout and stderr.
#ifndef ROMA_PROTOCOL_H
#define ROMA_PROTOCOL_H
#include <stdint.h>

#define PROTOCOL_VERSION 1
#define MAX_CTL_BODY 8192
#define PATH_MAX_LEN 4096

// host -> launcher
#define MSG_LOAD 1      // u32 token, u32 flags (LOAD_*), limits (LIMITS_LEN), path bytes
#define MSG_SPAWN 2     // u32 worker, u32 token
#define MSG_KILL 3      // u32 worker
#define MSG_UNLOAD 4    // u32 token: forget it and kill its workers
#define MSG_SHUTDOWN 5  // empty: kill every worker and exit
// launcher -> host
#define MSG_HELLO 0x80    // u32 protocol version
#define MSG_SPAWNED 0x81  // u32 worker, u32 pid
#define MSG_FAILED 0x82   // u32 worker, u32 errno, stage text (before its EXITED)
#define MSG_EXITED 0x83   // u32 worker, u32 wait status

// Limits: u64 each, 0 = leave as inherited. Order matters.
#define LIMIT_COUNT 5  // address space, cpu seconds, processes, file size, open files
#define LIMITS_LEN (LIMIT_COUNT * 8)
#define LOAD_FIXED_LEN (8 + LIMITS_LEN)
#define LOAD_CAPTURE_LOGS 1u  // the worker's stdout and stderr go to a log connection

// A data connection whose worker id has this bit set is that worker's log stream.
#define LOG_STREAM_BIT 0x80000000u

static inline void put_u32(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)(v >> 16);
  b[3] = (uint8_t)(v >> 24);
}

static inline uint32_t get_u32(const uint8_t *b) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t get_u64(const uint8_t *b) {
  return (uint64_t)get_u32(b) | (uint64_t)get_u32(b + 4) << 32;
}
#endif
