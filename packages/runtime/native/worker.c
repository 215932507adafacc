// One worker: clone into new pid/mount/ipc/uts namespaces, build a bare root on
// a tmpfs (read-only library binds, the binary at /udf, /proc), enter it, set
// limits, drop every privilege and exec the guest with its data fd as argv[1].
//
// Entering the root: on a real kernel, the root is a tmpfs in the worker's own
// mount namespace, entered with pivot_root and then made read-only. gVisor (2022)
// has no pivot_root, no read-only remounts, and its mount namespaces are not
// separate (a child's mounts show in its parent's), so there each worker gets its
// own directory on the launcher's scratch tmpfs, entered with chroot; the worker's
// own uid, which owns nothing there, keeps it from writing, and the launcher
// unmounts and removes the directory when the worker has been reaped.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "worker.h"

#define UID_SPAN 1000000u
#define DATA_FD 3
#define ERR_FD 4

static int err_fd = -1;

static void report(int kind, int value, const char *stage) {
  struct worker_report r = {.kind = kind, .value = value};
  snprintf(r.stage, sizeof r.stage, "%s", stage);
  if (write(err_fd, &r, sizeof r) < 0) {
  }
}

static void fail(const char *stage) {
  report(REPORT_SPAWN_ERROR, errno, stage);
  _exit(127);
}

static void join(char *out, size_t cap, const char *a, const char *b) {
  if ((size_t)snprintf(out, cap, "%s%s", a, b) >= cap) {
    errno = ENAMETOOLONG;
    fail("path");
  }
}

static void mkdirs(const char *path) {
  char buf[PATH_MAX_LEN];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) fail("mkdir");
    *p = '/';
  }
  if (mkdir(buf, 0755) < 0 && errno != EEXIST) fail("mkdir");
}

// Read-only where the kernel lets us; gVisor refuses the remount (see above).
static void make_readonly(const char *target, enum root_mode mode) {
  if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0 &&
      mode == ROOT_PIVOT)
    fail("remount read-only");
}

void worker_root_path(const struct launcher_config *cfg, uint32_t worker_id, char *out,
                      size_t cap) {
  if (cfg->root_mode == ROOT_PIVOT) snprintf(out, cap, "%s", cfg->scratch);
  else snprintf(out, cap, "%s/%u", cfg->scratch, worker_id);
}

static void build_root(const struct launcher_config *cfg, const char *root, const char *binary) {
  char path[PATH_MAX_LEN];
  if (cfg->root_mode == ROOT_PIVOT) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail("make mounts private");
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755") < 0)
      fail("mount root tmpfs");
  } else if (mkdir(root, 0755) < 0) {
    fail("create root dir");
  }
  for (size_t i = 0; i < cfg->n_binds; i++) {
    join(path, sizeof path, root, cfg->binds[i]);
    mkdirs(path);
    if (mount(cfg->binds[i], path, NULL, MS_BIND, NULL) < 0) fail("bind library dir");
    make_readonly(path, cfg->root_mode);
  }
  for (size_t i = 0; i < cfg->n_links; i++) {
    char link[PATH_MAX_LEN];
    snprintf(link, sizeof link, "%s", cfg->links[i]);
    char *eq = strchr(link, '=');
    *eq = 0;
    join(path, sizeof path, root, link);
    if (symlink(eq + 1, path) < 0) fail("symlink");
  }
  join(path, sizeof path, root, "/udf");
  int f = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0555);
  if (f < 0) fail("create binary mount point");
  close(f);
  if (mount(binary, path, NULL, MS_BIND, NULL) < 0) fail("bind binary");
  make_readonly(path, cfg->root_mode);
  join(path, sizeof path, root, "/proc");
  mkdirs(path);
  if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) fail("mount proc");
}

static void enter_root(const struct launcher_config *cfg, const char *root) {
  if (chdir(root) < 0) fail("chdir root");
  if (cfg->root_mode == ROOT_PIVOT) {
    // pivot_root(".", ".") stacks the old root on the new one; detach it.
    if (syscall(SYS_pivot_root, ".", ".") < 0) fail("pivot_root");
    if (umount2(".", MNT_DETACH) < 0) fail("detach old root");
    if (chdir("/") < 0) fail("chdir /");
    make_readonly("/", cfg->root_mode);
  } else {
    if (chroot(".") < 0) fail("chroot");
    if (chdir("/") < 0) fail("chdir /");
    make_readonly("/", cfg->root_mode);
  }
}

// Closes every fd from `first` up. close_range where the kernel has it; gVisor (2022)
// lacks it, and closing blindly up to a limit costs a trapped syscall per number, so
// the open ones are listed from the worker's own /proc.
static void close_from(int first, const char *proc_fd_dir) {
  if (syscall(SYS_close_range, first, ~0U, 0) == 0) return;
  DIR *dir = opendir(proc_fd_dir);
  if (!dir) fail("list open fds");
  int fds[1024];
  size_t n = 0;
  for (struct dirent *e; (e = readdir(dir)) != NULL;) {
    int fd = atoi(e->d_name);
    if (fd >= first && fd != dirfd(dir) && n < sizeof fds / sizeof fds[0]) fds[n++] = fd;
  }
  closedir(dir);
  for (size_t i = 0; i < n; i++) close(fds[i]);
  if (n == sizeof fds / sizeof fds[0]) close_from(first, proc_fd_dir);
}

static void setup_fds(int data_fd, int log_fd, int null_fd, const char *proc_fd_dir) {
  int d = fcntl(data_fd, F_DUPFD_CLOEXEC, 10);
  int e = fcntl(err_fd, F_DUPFD_CLOEXEC, 10);
  int out = fcntl(log_fd >= 0 ? log_fd : null_fd, F_DUPFD_CLOEXEC, 10);
  if (d < 0 || e < 0 || out < 0) fail("dup");
  err_fd = e;
  // stdout and stderr share one stream, so the host sees them in the order written.
  if (dup2(null_fd, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) fail("stdio");
  if (dup2(d, DATA_FD) < 0) fail("data fd");
  if (dup3(e, ERR_FD, O_CLOEXEC) < 0) fail("error fd");
  err_fd = ERR_FD;
  close_from(ERR_FD + 1, proc_fd_dir);
}

static void set_limits(const struct worker_limits *lim) {
  static const int resources[LIMIT_COUNT] = {RLIMIT_AS, RLIMIT_CPU, RLIMIT_NPROC, RLIMIT_FSIZE,
                                             RLIMIT_NOFILE};
  struct rlimit zero = {0, 0};
  if (setrlimit(RLIMIT_CORE, &zero) < 0) fail("rlimit core");
  for (int i = 0; i < LIMIT_COUNT; i++) {
    if (!lim->values[i]) continue;
    // The worker's init (see run_init) shares its uid and counts as one process.
    rlim_t v = lim->values[i] + (resources[i] == RLIMIT_NPROC ? 1 : 0);
    struct rlimit r = {v, v};
    if (setrlimit(resources[i], &r) < 0) fail("rlimit");
  }
}

static void drop_privileges(uid_t id) {
  if (setgroups(0, NULL) < 0) fail("setgroups");
  // Capabilities are numbered without gaps: EINVAL marks the first past the last.
  for (int cap = 0; cap < 64; cap++) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0) continue;
    if (errno == EINVAL) break;
    fail("drop capability");
  }
  if (setresgid(id, id, id) < 0) fail("setgid");
  // Leaving uid 0 clears the permitted and effective capability sets.
  if (setresuid(id, id, id) < 0) fail("setuid");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail("no_new_privs");
}

// PID 1 of the worker's pid namespace. The kernel shields a namespace's init from
// signals it has no handler for, so a guest running as PID 1 could not even abort();
// this small init runs the guest as PID 2, reaps whatever it leaves, and reports the
// guest's own wait status to the launcher. Its death takes the namespace with it.
static void run_init(pid_t guest) {
  close(DATA_FD);  // the host must see EOF as soon as the guest is gone
  close(0);
  close(1);
  close(2);
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid == guest) {
      report(REPORT_GUEST_STATUS, status, "");
      _exit(0);
    }
    if (pid < 0 && errno != EINTR) _exit(0);
  }
}

static void run_child(const struct launcher_config *cfg, uint32_t worker_id, const char *binary,
                      const struct worker_limits *limits, int data_fd, int log_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGPIPE, SIG_DFL);
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) fail("open /dev/null");
  char root[PATH_MAX_LEN];
  worker_root_path(cfg, worker_id, root, sizeof root);
  build_root(cfg, root, binary);
  char proc_fd_dir[PATH_MAX_LEN];
  join(proc_fd_dir, sizeof proc_fd_dir, root, "/proc/self/fd");
  setup_fds(data_fd, log_fd, null_fd, proc_fd_dir);
  enter_root(cfg, root);
  if (sethostname("roma", 4) < 0) fail("sethostname");
  drop_privileges(cfg->uid_base + worker_id % UID_SPAN);
  // Changing uid cleared any parent-death signal, so it is set only now: if the
  // launcher dies (minimal mode), the worker's init dies, and its namespace with it.
  if (cfg->parent_death) prctl(PR_SET_PDEATHSIG, SIGKILL);
  char *argv[] = {"udf", "3", NULL};
  char *envp[] = {NULL};
  // vfork: no copy of the address space (costly under gVisor) for a child that only
  // sets limits and execs; it touches nothing of ours and never returns from here.
  pid_t guest = vfork();
  if (guest == 0) {
    set_limits(limits);
    if (install_guest_seccomp() < 0) fail("seccomp");
    execve("/udf", argv, envp);
    fail("exec");
  }
  if (guest < 0) fail("fork guest");
  run_init(guest);
}

pid_t spawn_worker(const struct launcher_config *cfg, uint32_t worker_id, const char *binary,
                   const struct worker_limits *limits, int data_fd, int log_fd, int *err_out) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) < 0) return -1;
  // Read when the worker is reaped; never wait on it.
  fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
  // A network namespace of its own: only a loopback, whatever the sandbox's network.
  long flags =
      CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET | SIGCHLD;
  pid_t pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
  if (pid == 0) {
    close(pipefd[0]);
    err_fd = pipefd[1];
    run_child(cfg, worker_id, binary, limits, data_fd, log_fd);
  }
  int e = errno;
  close(pipefd[1]);
  if (pid < 0) {
    close(pipefd[0]);
    errno = e;
    return -1;
  }
  *err_out = pipefd[0];
  return pid;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)type;
  (void)ftw;
  remove(path);
  return 0;
}

void cleanup_worker_root(const struct launcher_config *cfg, uint32_t worker_id) {
  if (cfg->root_mode == ROOT_PIVOT) return;  // it died with the worker's mount namespace
  char root[PATH_MAX_LEN], path[PATH_MAX_LEN * 2 + 8];
  worker_root_path(cfg, worker_id, root, sizeof root);
  snprintf(path, sizeof path, "%s/proc", root);
  umount2(path, MNT_DETACH);
  snprintf(path, sizeof path, "%s/udf", root);
  umount2(path, MNT_DETACH);
  for (size_t i = cfg->n_binds; i-- > 0;) {
    snprintf(path, sizeof path, "%s%s", root, cfg->binds[i]);
    umount2(path, MNT_DETACH);
  }
  // FTW_MOUNT: never cross into anything still mounted, whatever happened above.
  nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

int mount_scratch(const struct launcher_config *cfg) {
  if (cfg->root_mode == ROOT_PIVOT) return 0;
  return mount("tmpfs", cfg->scratch, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755");
}
