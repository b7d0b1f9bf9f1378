// SPDX-License-Identifier: MIT
/*
 * status_read.c - read the files status uses, each once, under a root:
 * "/" for the running kernel or a snapshot directory that mirrors it.
 * What cannot be read is said in words with what it costs the analysis.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/fileio.h"
#include "proc/proc_layout.h"
#include "analysis/status.h"
#include "textscan.h"

/* The vm sysctls status shows, in the order it shows them. */
static const char *const vm_sysctls[] = {
	"min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor", "extfrag_threshold",
	"compaction_proactiveness", "lowmem_reserve_ratio", "vfs_cache_pressure", "swappiness",
	"dirty_ratio", "dirty_background_ratio", "dirty_bytes", "dirty_background_bytes",
	"dirty_writeback_centisecs", "dirty_expire_centisecs",
	"overcommit_memory", "zone_reclaim_mode",
};

struct bs_status *bs_status_alloc(void)
{
	struct bs_status *s = calloc(1, sizeof(*s));

	if (s)
		bs_proc_zones_init(&s->pz);
	return s;
}

void bs_status_free(struct bs_status *s)
{
	if (!s)
		return;
	free(s->extfrag_index_text);
	free(s->unusable_index_text);
	free(s->whatif);
	free(s);
}

/* Record what could not be read (the words are the renderers', render/status_words.c). */
static void missing(struct bs_status *s, enum bs_status_missing_kind kind, enum bs_layout_file file, int err,
		    int count, bool again)
{
	if (s->nr_missing >= BS_STATUS_MAX_MISSING)
		return;
	s->missing[s->nr_missing++] = (struct bs_status_missing){
		.kind = (uint8_t)kind, .file = (uint8_t)file, .err = err, .count = count, .again = again,
	};
}

/* Read file @f; on failure say so (what the analysis loses follows from the file). */
static char *slurp_or_say(struct bs_status *s, enum bs_layout_file f, bool again, size_t *len)
{
	char *buf = bs_read_at(s->root, bs_layout_path(f), 0, len);

	if (!buf)
		missing(s, BS_SM_UNREADABLE, f, errno, 0, again);
	return buf;
}

/* The first line of @rel, trimmed, into @out; false when unreadable. */
static bool read_line(struct bs_status *s, const char *rel, char *out, size_t size)
{
	size_t len;
	char *buf = bs_read_at(s->root, rel, 0, &len);

	if (!buf)
		return false;
	len = strcspn(buf, "\n");
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	bs_copy(out, size, buf, len);
	for (char *p = out; *p; p++)
		if (*p == '\t')
			*p = ' ';	/* lowmem_reserve_ratio prints tab-separated */
	free(buf);
	return true;
}

/* Parse one zone file with @parse, saying how many lines were not understood. */
static bool zone_file(struct bs_status *s, enum bs_layout_file f,
		      int (*parse)(struct bs_proc_zones *, const char *, size_t))
{
	size_t len;
	char *buf = slurp_or_say(s, f, false, &len);
	int bad;

	if (!buf)
		return false;
	bad = parse(&s->pz, buf, len);
	if (bad)
		missing(s, BS_SM_LINES, f, 0, bad, false);
	free(buf);
	return true;
}

static bool kv_file(struct bs_status *s, enum bs_layout_file f, bool again, struct bs_proc_kv *kv)
{
	size_t len;
	char *buf = slurp_or_say(s, f, again, &len);

	if (!buf)
		return false;
	memset(kv, 0, sizeof(*kv));
	if (bs_proc_parse_kv(kv, buf, len))
		missing(s, BS_SM_LINES, f, 0, kv->bad_lines, again);
	free(buf);
	return true;
}

static void read_kernel(struct bs_status *s)
{
	if (!read_line(s, bs_layout_path(BS_LF_OSRELEASE), s->release, sizeof(s->release)))
		missing(s, BS_SM_OSRELEASE, BS_LF_OSRELEASE, errno, 0, false);
	if (!read_line(s, bs_layout_path(BS_LF_VERSION), s->version, sizeof(s->version)))
		s->version[0] = '\0';
	/* which machine, and when: a snapshot read elsewhere must say (older snapshots lack both) */
	s->taken[0] = s->hostname[0] = '\0';
	if (s->snapshot) {
		if (!read_line(s, "time", s->taken, sizeof(s->taken)))
			s->taken[0] = '\0';
		if (!read_line(s, bs_layout_path(BS_LF_HOSTNAME), s->hostname, sizeof(s->hostname)))
			s->hostname[0] = '\0';
	}
}

static void read_settings(struct bs_status *s)
{
	char rel[128];

	s->nr_sysctl = 0;
	for (size_t i = 0; i < sizeof(vm_sysctls) / sizeof(vm_sysctls[0]) &&
			   s->nr_sysctl < (int)(sizeof(s->sysctl) / sizeof(s->sysctl[0])); i++) {
		struct bs_status_sysctl *c = &s->sysctl[s->nr_sysctl++];

		c->name = vm_sysctls[i];
		snprintf(rel, sizeof(rel), "%s/%s", bs_layout_dir(BS_LD_VM_SYSCTLS), c->name);
		c->present = read_line(s, rel, c->value, sizeof(c->value));
	}
	if (!read_line(s, bs_layout_path(BS_LF_THP_ENABLED), s->thp_enabled, sizeof(s->thp_enabled)))
		s->thp_enabled[0] = '\0';
	if (!read_line(s, bs_layout_path(BS_LF_THP_DEFRAG), s->thp_defrag, sizeof(s->thp_defrag)))
		s->thp_defrag[0] = '\0';
	if (!read_line(s, bs_layout_path(BS_LF_KSM_RUN), s->ksm_run, sizeof(s->ksm_run)))
		s->ksm_run[0] = '\0';
	if (read_line(s, bs_layout_path(BS_LF_KSM_PAGES_SHARING), rel, sizeof(rel))) {
		struct bs_scan sc = bs_scan_init(rel, strlen(rel));

		s->has_ksm_sharing = bs_scan_u64(&sc, &s->ksm_pages_sharing);
	}
}

/* One row of node distances ("10 21 31") into @row; the count read. */
static int parse_distances(const char *line, int *row)
{
	struct bs_scan sc = bs_scan_init(line, strlen(line));
	uint64_t v;
	int n = 0;

	for (bs_scan_skip_space(&sc); n < BS_STATUS_MAX_NODES && bs_scan_u64(&sc, &v); bs_scan_skip_space(&sc))
		row[n++] = v > 10000 ? -1 : (int)v;
	return n;
}

/*
 * /sys/devices/system/node/node<N>/{distance,cpulist}: the order the
 * zonelists fall back through the nodes.  Optional: single-node machines
 * and old snapshots lack them, and then node number order stands in.
 */
static void read_nodes(struct bs_status *s)
{
	char path[512], rel[96], line[1024];
	struct dirent *de;
	DIR *d;

	for (int n = 0; n < BS_STATUS_MAX_NODES; n++)
		for (int m = 0; m < BS_STATUS_MAX_NODES; m++)
			s->distance[n][m] = -1;
	snprintf(path, sizeof(path), "%s/%s", s->root, bs_layout_dir(BS_LD_NODES));
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long n;

		if (strncmp(de->d_name, "node", 4) || !de->d_name[4])
			continue;
		n = strtol(de->d_name + 4, &end, 10);
		if (*end || n < 0 || n >= BS_STATUS_MAX_NODES)
			continue;
		snprintf(rel, sizeof(rel), "%s/node%ld/distance", bs_layout_dir(BS_LD_NODES), n);
		s->has_distance[n] = read_line(s, rel, line, sizeof(line)) && parse_distances(line, s->distance[n]) > 0;
		snprintf(rel, sizeof(rel), "%s/node%ld/cpulist", bs_layout_dir(BS_LD_NODES), n);
		s->node_has_cpus[n] = read_line(s, rel, line, sizeof(line)) && line[0];
	}
	closedir(d);
}

int bs_status_read(struct bs_status *s, const struct bs_status_opts *o)
{
	const char *root = o->root && *o->root ? o->root : "/";
	size_t len;

	bs_copy(s->root, sizeof(s->root), root, strlen(root));
	s->snapshot = strcmp(root, "/") != 0;
	read_kernel(s);
	s->has_buddyinfo = zone_file(s, BS_LF_BUDDYINFO, bs_proc_parse_buddyinfo);
	s->has_zoneinfo = zone_file(s, BS_LF_ZONEINFO, bs_proc_parse_zoneinfo);
	s->has_pagetypeinfo = !o->no_pagetypeinfo && zone_file(s, BS_LF_PAGETYPEINFO, bs_proc_parse_pagetypeinfo);
	s->has_vmstat = kv_file(s, BS_LF_VMSTAT, false, &s->vmstat);
	s->has_meminfo = kv_file(s, BS_LF_MEMINFO, false, &s->meminfo);
	read_settings(s);
	read_nodes(s);
	/* debugfs' own indices, when a snapshot carries them or debugfs is mounted */
	s->extfrag_index_text = bs_read_at(s->root, bs_layout_path(BS_LF_EXTFRAG_INDEX), 0, &len);
	s->unusable_index_text = bs_read_at(s->root, bs_layout_path(BS_LF_UNUSABLE_INDEX), 0, &len);
	s->has_extfrag_debugfs = s->extfrag_index_text && s->unusable_index_text;
	if (!s->has_buddyinfo && !s->has_zoneinfo && !s->has_vmstat) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

int bs_status_reread_vmstat(struct bs_status *s, double interval)
{
	s->has_vmstat_end = kv_file(s, BS_LF_VMSTAT, true, &s->vmstat_end);
	s->act.interval = interval;
	return s->has_vmstat_end ? 0 : -1;
}
