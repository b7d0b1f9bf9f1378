/* SPDX-License-Identifier: MIT */
/*
 * kversion.h - kernel version strings as logs print them, and the era each
 * one belongs to.
 *
 * Version strings lie: Debian's "6.1.0-13-cloud-amd64" is stable 6.1.55
 * (only the "Debian 6.1.55-1" trailer says so), RHEL's
 * "3.10.0-514.el7.x86_64" is 3.10 plus years of backports.  A bs_kver keeps
 * both what was printed and what we could work out.
 */
#ifndef BS_KVERSION_H
#define BS_KVERSION_H

#include <stdbool.h>
#include <stddef.h>

enum bs_distro {
	BS_DISTRO_NONE = 0,	/* upstream or unknown vendor */
	BS_DISTRO_RHEL,		/* RHEL, CentOS, Rocky, Alma, OL: ".elN" */
	BS_DISTRO_DEBIAN,
	BS_DISTRO_UBUNTU,
	BS_DISTRO_SUSE,
	BS_DISTRO_ANDROID,
	BS_DISTRO_OTHER,
};

struct bs_kver {
	char raw[128];		/* as printed, trimmed (cut at 127 bytes) */
	char release[64];	/* the uname -r token: "6.1.0-13-cloud-amd64" */
	int major, minor;	/* series: 3.10, 6.1 */
	int sublevel;		/* upstream stable sublevel, -1 when unknown */
	enum bs_distro distro;
	int distro_release;	/* RHEL "514" of 3.10.0-514, Ubuntu ABI "91"; -1 */
	int distro_major;	/* RHEL "7" of .el7; -1 */
};

/* KERNEL_VERSION(a, b, c) the way the kernel packs it, for range checks. */
static inline long bs_kver_code(int major, int minor, int sublevel)
{
	return ((long)major << 16) + ((long)minor << 8) + (sublevel < 0 ? 0 : sublevel > 255 ? 255 : sublevel);
}

/*
 * Parse a version as logs print it: the "CPU: 3 PID: 1 Comm: x Tainted: G
 * 4.19.0-6-amd64 #1 Debian 4.19.67-2+deb10u2" header tail, a uname -r, or a
 * bare "6.1.55".  Reads at most @len bytes of @s (no NUL needed).  The
 * version is the first "X.Y..." token starting a word (so "python3.8" in a
 * Comm: field is skipped).  Distro schemes: ".elN" RHEL (distro_release the
 * N of 3.10.0-N, sublevel -1), "-amd64"/"Debian" Debian and "-generic"/
 * "Ubuntu" Ubuntu (distro_release the ABI number; sublevel from a "Debian
 * 6.1.55-1" or version_signature trailer, else -1), "android" Android,
 * "-default" SUSE, "amzn"/"uek"/unknown suffixes OTHER (sublevel as
 * printed).  Returns 0, or -1 (errno EINVAL) when no version can be read.
 */
int bs_kver_parse(const char *s, size_t len, struct bs_kver *v);

#endif
