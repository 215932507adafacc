// roma-launcher: starts and supervises untrusted worker processes.
//
// Runs as PID 1 of the runsc sandbox ("gvisor" mode) or directly on the host
// ("minimal" mode). The host runtime drives it over a control socket (see
// protocol.h); each worker gets its own data connection to the host, made here
// and handed to the worker as argv[1]. The request path never passes through
// this process: it only spawns, kills and reaps.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol.h"
#include "worker.h"

#define MAX_TOKENS 4096
#define MAX_WORKERS 65536

struct token {
  uint32_t id;
  int in_use;
  struct worker_limits limits;
  uint32_t flags;  // LOAD_*
  char path[PATH_MAX_LEN];
};

struct worker {
  uint32_t id;
  uint32_t token;
  pid_t pid;
  int err_fd;  // read end of the set-up error pipe, read when the worker is reaped
  int in_use;
};

static struct token tokens[MAX_TOKENS];
static struct worker *workers;
static size_t worker_cap;
static int ctl_fd = -1;
static struct launcher_config cfg;

static void die(const char *what) {
  fprintf(stderr, "roma-launcher: %s: %s\n", what, strerror(errno));
  exit(2);
}

static int connect_unix(const char *path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof(addr.sun_path)) {
    close(fd);
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(addr.sun_path, path);
  if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int read_all(int fd, void *buf, size_t len) {
  char *p = buf;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) return 1;  // EOF
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static void send_msg(uint8_t type, const void *body, uint32_t len) {
  uint8_t hdr[5];
  put_u32(hdr, len);
  hdr[4] = type;
  if (write_all(ctl_fd, hdr, 5) < 0 || write_all(ctl_fd, body, len) < 0) die("control write");
}

static void send_exited(uint32_t worker, int status) {
  uint8_t b[8];
  put_u32(b, worker);
  put_u32(b + 4, (uint32_t)status);
  send_msg(MSG_EXITED, b, sizeof b);
}

static void send_failed(uint32_t worker, int err, const char *stage) {
  uint8_t b[8 + 64];
  size_t n = strnlen(stage, 64);
  put_u32(b, worker);
  put_u32(b + 4, (uint32_t)err);
  memcpy(b + 8, stage, n);
  send_msg(MSG_FAILED, b, (uint32_t)(8 + n));
}

static struct token *find_token(uint32_t id) {
  for (size_t i = 0; i < MAX_TOKENS; i++)
    if (tokens[i].in_use && tokens[i].id == id) return &tokens[i];
  return NULL;
}

static struct worker *new_worker_slot(void) {
  for (size_t i = 0; i < worker_cap; i++)
    if (!workers[i].in_use) return &workers[i];
  if (worker_cap >= MAX_WORKERS) return NULL;
  size_t cap = worker_cap ? worker_cap * 2 : 64;
  struct worker *w = realloc(workers, cap * sizeof *w);
  if (!w) return NULL;
  memset(w + worker_cap, 0, (cap - worker_cap) * sizeof *w);
  workers = w;
  struct worker *slot = &workers[worker_cap];
  worker_cap = cap;
  return slot;
}

static struct worker *find_worker(uint32_t id) {
  for (size_t i = 0; i < worker_cap; i++)
    if (workers[i].in_use && workers[i].id == id) return &workers[i];
  return NULL;
}

static void handle_load(const uint8_t *b, uint32_t len) {
  if (len < LOAD_FIXED_LEN || len - LOAD_FIXED_LEN >= PATH_MAX_LEN) die("bad LOAD message");
  uint32_t id = get_u32(b);
  struct token *t = find_token(id);
  for (size_t i = 0; !t && i < MAX_TOKENS; i++)
    if (!tokens[i].in_use) t = &tokens[i];
  if (!t) die("too many code tokens");
  t->in_use = 1;
  t->id = id;
  t->flags = get_u32(b + 4);
  decode_limits(b + 8, &t->limits);
  memcpy(t->path, b + LOAD_FIXED_LEN, len - LOAD_FIXED_LEN);
  t->path[len - LOAD_FIXED_LEN] = 0;
}

// A connection to the host's data socket, introduced by `id` (a worker id, maybe
// marked as a log stream).
static int connect_to_host(uint32_t id) {
  int fd = connect_unix(cfg.data_socket);
  if (fd < 0) return -1;
  uint8_t hello[4];
  put_u32(hello, id);
  if (write_all(fd, hello, 4) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static void handle_spawn(const uint8_t *b, uint32_t len) {
  if (len != 8) die("bad SPAWN message");
  uint32_t wid = get_u32(b), tid = get_u32(b + 4);
  struct token *t = find_token(tid);
  if (!t) {
    send_failed(wid, ENOENT, "unknown code token");
    send_exited(wid, 127 << 8);
    return;
  }
  int data_fd = connect_to_host(wid);
  if (data_fd < 0) {
    send_failed(wid, errno, "connect data socket");
    send_exited(wid, 127 << 8);
    return;
  }
  int log_fd = -1;
  if ((t->flags & LOAD_CAPTURE_LOGS) && (log_fd = connect_to_host(wid | LOG_STREAM_BIT)) < 0) {
    send_failed(wid, errno, "connect log stream");
    send_exited(wid, 127 << 8);
    close(data_fd);
    return;
  }
  struct worker *w = new_worker_slot();
  int err_fd = -1;
  pid_t pid = w ? spawn_worker(&cfg, wid, t->path, &t->limits, data_fd, log_fd, &err_fd) : -1;
  int spawn_errno = w ? errno : ENOMEM;
  close(data_fd);
  if (log_fd >= 0) close(log_fd);
  if (pid < 0) {
    send_failed(wid, spawn_errno, "clone");
    send_exited(wid, 127 << 8);
    return;
  }
  *w = (struct worker){.id = wid, .token = tid, .pid = pid, .err_fd = err_fd, .in_use = 1};
  uint8_t m[8];
  put_u32(m, wid);
  put_u32(m + 4, (uint32_t)pid);
  send_msg(MSG_SPAWNED, m, sizeof m);
}

static void handle_kill(const uint8_t *b, uint32_t len) {
  if (len != 4) die("bad KILL message");
  struct worker *w = find_worker(get_u32(b));
  if (w) kill(w->pid, SIGKILL);
}

static void handle_unload(const uint8_t *b, uint32_t len) {
  if (len != 4) die("bad UNLOAD message");
  uint32_t tid = get_u32(b);
  for (size_t i = 0; i < worker_cap; i++)
    if (workers[i].in_use && workers[i].token == tid) kill(workers[i].pid, SIGKILL);
  struct token *t = find_token(tid);
  if (t) t->in_use = 0;
}

// Kills every worker, waits (briefly) until they are gone, then exits: no worker
// may outlive the launcher, and none is left a zombie for the host's init to reap.
static void kill_all_and_exit(int code) {
  for (size_t i = 0; i < worker_cap; i++)
    if (workers[i].in_use) kill(workers[i].pid, SIGKILL);
  for (int tries = 0; tries < 200; tries++) {
    pid_t pid = waitpid(-1, NULL, WNOHANG);
    if (pid < 0) break;  // ECHILD: all reaped
    if (pid == 0) usleep(10000);
  }
  exit(code);
}

static void handle_control(void) {
  uint8_t hdr[5];
  int r = read_all(ctl_fd, hdr, 5);
  if (r != 0) kill_all_and_exit(0);  // host went away: nothing may outlive it
  uint32_t len = get_u32(hdr);
  if (len > MAX_CTL_BODY) die("control message too large");
  uint8_t body[MAX_CTL_BODY];
  if (read_all(ctl_fd, body, len) != 0) kill_all_and_exit(0);
  switch (hdr[4]) {
    case MSG_LOAD: handle_load(body, len); break;
    case MSG_SPAWN: handle_spawn(body, len); break;
    case MSG_KILL: handle_kill(body, len); break;
    case MSG_UNLOAD: handle_unload(body, len); break;
    case MSG_SHUTDOWN: kill_all_and_exit(0); break;
    default: die("unknown control message");
  }
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (size_t i = 0; i < worker_cap; i++) {
      struct worker *w = &workers[i];
      if (!w->in_use || w->pid != pid) continue;
      if (w->err_fd >= 0) {
        // A set-up failure goes before the exit, so the host can say why; the guest's
        // own status, reported by the worker's init, replaces the init's.
        struct worker_report r;
        while (read(w->err_fd, &r, sizeof r) == (ssize_t)sizeof r) {
          r.stage[sizeof r.stage - 1] = 0;
          if (r.kind == REPORT_SPAWN_ERROR) send_failed(w->id, r.value, r.stage);
          else if (r.kind == REPORT_GUEST_STATUS) status = r.value;
        }
        close(w->err_fd);
      }
      send_exited(w->id, status);
      cleanup_worker_root(&cfg, w->id);
      w->in_use = 0;
      break;
    }
  }
}

int main(int argc, char **argv) {
  if (parse_config(argc, argv, &cfg) != 0) return 2;
  signal(SIGPIPE, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  // Asked to stop: take the workers down too, rather than dying and orphaning them.
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) die("sigprocmask");
  int sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sig_fd < 0) die("signalfd");
  if (cfg.parent_death) prctl_parent_death();
  if (mount_scratch(&cfg) < 0) die("mount scratch tmpfs");

  ctl_fd = connect_unix(cfg.control_socket);
  if (ctl_fd < 0) die("connect control socket");
  uint8_t hello[4];
  put_u32(hello, PROTOCOL_VERSION);
  send_msg(MSG_HELLO, hello, 4);

  for (;;) {
    struct pollfd pfds[2] = {{.fd = ctl_fd, .events = POLLIN}, {.fd = sig_fd, .events = POLLIN}};
    if (poll(pfds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (pfds[1].revents) {
      struct signalfd_siginfo si;
      int stop = 0;
      while (read(sig_fd, &si, sizeof si) > 0) {
        if (si.ssi_signo != SIGCHLD) stop = 1;
      }
      if (stop) kill_all_and_exit(0);
      reap();
    }
    if (pfds[0].revents) handle_control();
  }
}
