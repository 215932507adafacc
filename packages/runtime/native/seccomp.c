// A seccomp filter for guests: a deny list of what no request handler needs and what
// widens the kernel's attack surface (namespaces, mounts, tracing, bpf, keyrings,
// modules, clocks...). Denied calls fail with EPERM rather than killing the guest, so a
// runtime that probes for a feature (Go, glibc) falls back as it would in a container.
// Under gVisor the Sentry filters too; on a real kernel (minimal mode) this is the wall.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "worker.h"

#if defined(__x86_64__)

static const long denied[] = {
    SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_swapon, SYS_swapoff,
    SYS_reboot, SYS_kexec_load, SYS_kexec_file_load, SYS_init_module, SYS_finit_module,
    SYS_delete_module, SYS_acct, SYS_settimeofday, SYS_clock_settime, SYS_clock_adjtime,
    SYS_adjtimex, SYS_sethostname, SYS_setdomainname, SYS_iopl, SYS_ioperm, SYS_ptrace,
    SYS_process_vm_readv, SYS_process_vm_writev, SYS_bpf, SYS_perf_event_open,
    SYS_userfaultfd, SYS_keyctl, SYS_add_key, SYS_request_key, SYS_unshare, SYS_setns,
    SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_lookup_dcookie, SYS_quotactl,
    SYS_vhangup, SYS_fanotify_init, SYS_move_mount, SYS_open_tree, SYS_fsopen, SYS_fsmount,
    SYS_fsconfig, SYS_fspick, SYS_mount_setattr,
};

// clone() may make threads and processes, not namespaces.
#define NAMESPACE_FLAGS                                                                  \
  (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
   CLONE_NEWCGROUP)

#define X32_SYSCALL_BIT 0x40000000u
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int install_guest_seccomp(void) {
  enum { HEAD = 4, PER_DENIED = 2, TAIL = 8 };
  struct sock_filter f[HEAD + PER_DENIED * COUNT(denied) + TAIL];
  size_t n = 0;
  // Only the native ABI: a filter keyed on x86_64 numbers means nothing to others.
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                        offsetof(struct seccomp_data, arch));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                        offsetof(struct seccomp_data, nr));
  for (size_t i = 0; i < COUNT(denied); i++) {
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)denied[i], 0, 1);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
  }
  // x32 calls (the same numbers with a high bit) are not for us either.
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 4, 0);
  // clone3 passes its flags in memory, out of a filter's reach: ENOSYS sends glibc and
  // Go back to clone, whose flags are checked below.
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 4, 0);
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                        offsetof(struct seccomp_data, args[0]));
  f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 0, 2);
  // (x32 lands here too.)
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
  f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

#else

int install_guest_seccomp(void) { return 0; }  // the deny list is written for x86_64

#endif
