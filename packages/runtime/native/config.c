// Command-line configuration of the launcher, written by the host runtime.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "worker.h"

static int usage(const char *why) {
  fprintf(stderr,
          "roma-launcher: %s\nusage: roma-launcher --control SOCK --data SOCK --scratch DIR"
          " [--root-mode pivot|chroot] [--bind DIR]... [--symlink PATH=TARGET]..."
          " [--uid-base N] [--parent-death]\n",
          why);
  return 2;
}

int parse_config(int argc, char **argv, struct launcher_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->root_mode = ROOT_PIVOT;
  cfg->uid_base = 2000000000u;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--parent-death")) {
      cfg->parent_death = 1;
      continue;
    }
    if (i + 1 >= argc) return usage("missing value");
    const char *v = argv[++i];
    if (!strcmp(a, "--control")) cfg->control_socket = v;
    else if (!strcmp(a, "--data")) cfg->data_socket = v;
    else if (!strcmp(a, "--scratch")) cfg->scratch = v;
    else if (!strcmp(a, "--root-mode")) {
      if (!strcmp(v, "pivot")) cfg->root_mode = ROOT_PIVOT;
      else if (!strcmp(v, "chroot")) cfg->root_mode = ROOT_CHROOT;
      else return usage("--root-mode must be pivot or chroot");
    } else if (!strcmp(a, "--bind")) {
      if (cfg->n_binds >= MAX_MOUNTS) return usage("too many --bind");
      cfg->binds[cfg->n_binds++] = v;
    } else if (!strcmp(a, "--symlink")) {
      if (cfg->n_links >= MAX_MOUNTS || !strchr(v, '=')) return usage("bad --symlink");
      cfg->links[cfg->n_links++] = v;
    } else if (!strcmp(a, "--uid-base")) cfg->uid_base = (uint32_t)strtoul(v, NULL, 10);
    else return usage("unknown option");
  }
  if (!cfg->control_socket || !cfg->data_socket || !cfg->scratch)
    return usage("--control, --data and --scratch are required");
  return 0;
}

void decode_limits(const uint8_t *b, struct worker_limits *out) {
  for (int i = 0; i < LIMIT_COUNT; i++) out->values[i] = get_u64(b + 8 * i);
}

void prctl_parent_death(void) { prctl(PR_SET_PDEATHSIG, SIGKILL); }
