// Starting one worker: namespaces, a bare root, limits, dropped privileges, exec.
#ifndef ROMA_WORKER_H
#define ROMA_WORKER_H
#include <stdint.h>
#include <sys/types.h>

#include "protocol.h"

#define MAX_MOUNTS 32

enum root_mode { ROOT_PIVOT, ROOT_CHROOT };

struct launcher_config {
  const char *control_socket;
  const char *data_socket;
  const char *scratch;  // an empty directory on which each worker mounts its root
  enum root_mode root_mode;
  int parent_death;   // minimal mode: die with the host process
  uint32_t uid_base;  // worker N runs as uid/gid uid_base + N % UID_SPAN
  const char *binds[MAX_MOUNTS];  // read-only library directories
  size_t n_binds;
  const char *links[MAX_MOUNTS];  // "path=target" symlinks in the worker root
  size_t n_links;
};

struct worker_limits {
  uint64_t values[LIMIT_COUNT];  // see LIMIT_COUNT in protocol.h; 0 = inherit
};

// What a worker tells the launcher through its report pipe: a set-up step that
// failed before exec (value = errno), or the guest's wait status from its init.
#define REPORT_SPAWN_ERROR 1
#define REPORT_GUEST_STATUS 2
struct worker_report {
  int kind;
  int value;
  char stage[56];
};

int parse_config(int argc, char **argv, struct launcher_config *cfg);
void decode_limits(const uint8_t *b, struct worker_limits *out);
void prctl_parent_death(void);

// Starts a worker running `binary` with `data_fd` as its argv[1], and its stdout and
// stderr on `log_fd` (or /dev/null when it is -1). Returns the pid
// of its init (in the launcher's pid namespace) and the non-blocking read end of a
// pipe of struct worker_report, read once the worker has been reaped.
pid_t spawn_worker(const struct launcher_config *cfg, uint32_t worker_id, const char *binary,
                   const struct worker_limits *limits, int data_fd, int log_fd, int *err_fd);

// Installs the guest's seccomp filter (see seccomp.c); needs no_new_privs. 0 or -1.
int install_guest_seccomp(void);

// The directory a worker's root is built in.
void worker_root_path(const struct launcher_config *cfg, uint32_t worker_id, char *out, size_t cap);
// Chroot mode: unmounts and removes a reaped worker's root directory.
void cleanup_worker_root(const struct launcher_config *cfg, uint32_t worker_id);
// Chroot mode: mounts the tmpfs that holds the workers' roots (once, at start).
int mount_scratch(const struct launcher_config *cfg);
#endif
