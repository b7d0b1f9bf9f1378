// SPDX-License-Identifier: MIT
/*
 * mklog.c - write a large, deterministic syslog for `make bench`.
 *
 *   mklog [-m MIB] [-r REPORTS_PER_GIB] [-i N] [-s SEED] [-H HOST] -o OUT REPORT.log...
 *
 * The file looks like /var/log/messages of a busy server: rsyslog lines
 * "Apr 29 21:54:31 node07 kernel: [  123.456789] ..." from the kernel (link
 * changes, audit, usb, EXT4, firewall, conntrack, ...) and lines of other
 * programs (systemd, sshd, cron, dockerd, kubelet, ...).  Every so often,
 * about REPORTS_PER_GIB times per GiB (default 3000), one of the REPORT
 * files is copied in whole: each of its lines loses the wrapper it had
 * (dmesg "[ 859.563156] ", syslog "... kernel: ", or none) and gets the
 * syslog one with this file's clock.  Each copy gets its own pid, and the
 * CPU (with the kworker/swapper name that carries it) moves, so the same
 * failure shows up as different tasks.  With -i N, one template line in N
 * (on average) is followed by a line of another program, as rsyslog mixes
 * its sources (default 64; 0 = never).
 *
 * Output is a function of the options and the REPORT files only: a
 * splitmix64 generator, no rand(), no clock.  No generated line contains
 * "page allocation failure" or anything that opens another kind of
 * memory-failure report, so the ground truth is the number of report
 * headers copied.  mklog prints it on stdout, with the size, as
 * "key value" lines:
 *
 *   bytes 1073741911
 *   lines 8950311
 *   reports 3062
 *   template seed-ceph-centos7.log copies 1001 reports 1001
 *   ...
 *
 * Exit status: 0 written, 1 error, 2 usage.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * output buffer
 */

#define OUT_BUF (4u << 20)
#define LINE_MAX_OUT (80u << 10)	/* room always left for one line */
#define TLINE_MAX (64u << 10)		/* longest template line */

struct out {
	int fd;
	char *buf;
	size_t len;
	uint64_t bytes;
	uint64_t lines;
	const char *path;
};

static int out_flush(struct out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t k = write(o->fd, o->buf + off, o->len - off);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "mklog: write %s: %s\n", o->path, strerror(errno));
			return -1;
		}
		off += (size_t)k;
	}
	o->bytes += o->len;
	o->len = 0;
	return 0;
}

static inline void put_mem(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void put_s(struct out *o, const char *s)
{
	put_mem(o, s, strlen(s));
}

static inline void put_c(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

/* v in decimal, at least @width digits wide, padded on the left with @pad */
static void put_u(struct out *o, uint64_t v, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (width-- > n)
		put_c(o, pad);
	while (n)
		put_c(o, tmp[--n]);
}

static void put_x(struct out *o, uint64_t v, int width)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	while (width-- > n)
		put_c(o, '0');
	while (n)
		put_c(o, tmp[--n]);
}

/*
 * randomness: splitmix64, the same stream on every machine
 */

static uint64_t rng_state;

static inline uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) (n small: the bias of the modulo is 2^-50 at worst) */
static inline uint32_t below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

#define PICK(arr) (arr[below(sizeof(arr) / sizeof(arr[0]))])

/*
 * the clock: one microsecond counter gives both the syslog stamp (local
 * time, no year) and the kernel's seconds since boot
 */

struct clock {
	uint64_t us;		/* since boot */
	uint64_t boot_wall;	/* seconds from Jan 1 00:00 of the first year to boot */
	uint64_t day_cached;
	char date[8];		/* "Apr 29 " */
};

static void put_stamp(struct out *o, struct clock *c, const char *host)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint64_t wall = c->boot_wall + c->us / 1000000;
	uint64_t day = wall / 86400, s = wall % 86400;

	if (day != c->day_cached || !c->date[0]) {
		uint64_t d = day % 365;
		int m = 0;

		while (d >= mdays[m])
			d -= mdays[m++];
		d++;
		memcpy(c->date, mon[m], 3);
		c->date[3] = ' ';
		c->date[4] = d >= 10 ? (char)('0' + d / 10) : ' ';
		c->date[5] = (char)('0' + d % 10);
		c->date[6] = ' ';
		c->day_cached = day;
	}
	put_mem(o, c->date, 7);
	put_u(o, s / 3600, 2, '0');
	put_c(o, ':');
	put_u(o, s / 60 % 60, 2, '0');
	put_c(o, ':');
	put_u(o, s % 60, 2, '0');
	put_c(o, ' ');
	put_s(o, host);
	put_c(o, ' ');
}

/* "kernel: [  123.456789] " */
static void put_kernel(struct out *o, struct clock *c, const char *host)
{
	put_stamp(o, c, host);
	put_s(o, "kernel: [");
	put_u(o, c->us / 1000000, 5, ' ');
	put_c(o, '.');
	put_u(o, c->us % 1000000, 6, '0');
	put_s(o, "] ");
}

/*
 * ordinary lines
 */

static const char *const ifaces[] = { "eth0", "eth1", "eno1", "enp3s0f0", "ens192", "bond0" };
static const char *const disks[] = { "sda1", "sdb1", "dm-0", "dm-3", "nvme0n1p2", "md127" };
static const char *const users[] = { "root", "alice", "deploy", "ci", "backup", "postgres" };
static const char *const units[] = { "logrotate.service", "man-db.service", "apt-daily.service",
				     "fstrim.service", "sysstat-collect.service",
				     "systemd-tmpfiles-clean.service", "certbot.service" };
static const char *const profiles[] = { "/usr/sbin/cupsd", "/usr/sbin/ntpd", "snap.lxd.daemon",
					"docker-default", "/usr/bin/man", "lsb_release" };
static const char *const files[] = { "/etc/ssl/openssl.cnf", "/proc/sys/kernel/random/boot_id",
				     "/run/systemd/userdb/", "/sys/fs/cgroup/memory.max",
				     "/etc/nsswitch.conf" };
static const char *const comms[] = { "cupsd", "ntpd", "lxd", "runc:[2:INIT]", "man", "python3" };
static const char *const pods[] = { "kube-system/kube-proxy-7xq2m", "monitoring/node-exporter-4dkz8",
				    "default/api-5d9c7b6f4-tz8pw", "ingress/nginx-ctrl-66b8d-8sx2q" };

static void put_ip(struct out *o, bool private_net)
{
	if (private_net) {
		put_s(o, "10.");
		put_u(o, below(4), 0, 0);
		put_c(o, '.');
	} else {
		put_u(o, 11 + below(212), 0, 0);
		put_c(o, '.');
		put_u(o, below(256), 0, 0);
		put_c(o, '.');
	}
	put_u(o, below(256), 0, 0);
	put_c(o, '.');
	put_u(o, 1 + below(254), 0, 0);
}

static void put_mac(struct out *o)
{
	uint64_t r = rnd();

	for (int i = 0; i < 14; i++) {
		if (i)
			put_c(o, ':');
		put_x(o, (r >> (i % 8 * 8)) & 0xff, 2);
	}
}

static void kernel_line(struct out *o, struct clock *c, const char *host)
{
	uint32_t k = below(100);

	put_kernel(o, c, host);
	if (k < 22) {		/* ufw / iptables LOG: long and frequent */
		static const unsigned short ports[] = { 22, 23, 445, 3389, 5900, 8080, 2375, 6379 };

		put_s(o, "[UFW BLOCK] IN=");
		put_s(o, PICK(ifaces));
		put_s(o, " OUT= MAC=");
		put_mac(o);
		put_s(o, " SRC=");
		put_ip(o, false);
		put_s(o, " DST=");
		put_ip(o, true);
		put_s(o, " LEN=");
		put_u(o, 40 + below(20), 0, 0);
		put_s(o, " TOS=0x00 PREC=0x00 TTL=");
		put_u(o, 40 + below(210), 0, 0);
		put_s(o, " ID=");
		put_u(o, below(65536), 0, 0);
		put_s(o, " PROTO=TCP SPT=");
		put_u(o, 1024 + below(64000), 0, 0);
		put_s(o, " DPT=");
		put_u(o, PICK(ports), 0, 0);
		put_s(o, " WINDOW=");
		put_u(o, 1024 + below(64000), 0, 0);
		put_s(o, " RES=0x00 SYN URGP=0");
	} else if (k < 34) {	/* audit */
		put_s(o, "audit: type=1400 audit(");
		put_u(o, 1682726400 + c->us / 1000000, 0, 0);
		put_c(o, '.');
		put_u(o, below(1000), 3, '0');
		put_c(o, ':');
		put_u(o, 100 + below(90000), 0, 0);
		put_s(o, "): apparmor=\"DENIED\" operation=\"open\" profile=\"");
		put_s(o, PICK(profiles));
		put_s(o, "\" name=\"");
		put_s(o, PICK(files));
		put_s(o, "\" pid=");
		put_u(o, 300 + below(60000), 0, 0);
		put_s(o, " comm=\"");
		put_s(o, PICK(comms));
		put_s(o, "\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0");
	} else if (k < 40) {	/* link changes */
		const char *dev = PICK(ifaces);

		put_s(o, "e1000e: ");
		put_s(o, dev);
		if (below(2))
			put_s(o, " NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx");
		else
			put_s(o, " NIC Link is Down");
	} else if (k < 46) {	/* usb */
		unsigned int bus = 1 + below(4), port = 1 + below(8), num = 2 + below(120);

		put_s(o, "usb ");
		put_u(o, bus, 0, 0);
		put_c(o, '-');
		put_u(o, port, 0, 0);
		switch (below(4)) {
		case 0:
			put_s(o, ": new high-speed USB device number ");
			put_u(o, num, 0, 0);
			put_s(o, " using xhci_hcd");
			break;
		case 1:
			put_s(o, ": New USB device found, idVendor=0781, idProduct=5567, bcdDevice= 1.00");
			break;
		case 2:
			put_s(o, ": Product: Cruzer Blade");
			break;
		default:
			put_s(o, ": USB disconnect, device number ");
			put_u(o, num, 0, 0);
		}
	} else if (k < 52) {	/* EXT4 */
		put_s(o, "EXT4-fs (");
		put_s(o, PICK(disks));
		if (below(3))
			put_s(o, "): mounted filesystem with ordered data mode. Quota mode: none.");
		else
			put_s(o, "): re-mounted. Opts: errors=remount-ro. Quota mode: none.");
	} else if (k < 58) {	/* conntrack, martians */
		if (below(2)) {
			put_s(o, "nf_conntrack: nf_conntrack: table full, dropping packet");
		} else {
			put_s(o, "IPv4: martian source ");
			put_ip(o, true);
			put_s(o, " from ");
			put_ip(o, false);
			put_s(o, ", on dev ");
			put_s(o, PICK(ifaces));
		}
	} else if (k < 64) {	/* containers */
		put_s(o, "docker0: port ");
		put_u(o, 1 + below(40), 0, 0);
		put_s(o, "(veth");
		put_x(o, rnd() & 0xfffffff, 7);
		put_s(o, below(2) ? ") entered blocking state" : ") entered forwarding state");
	} else if (k < 68) {
		put_s(o, "TCP: request_sock_TCP: Possible SYN flooding on port ");
		put_u(o, below(2) ? 443 : 6789, 0, 0);
		put_s(o, ". Sending cookies.  Check SNMP counters.");
	} else if (k < 72) {
		unsigned int a = 2500 + below(3000);

		put_s(o, "perf: interrupt took too long (");
		put_u(o, a, 0, 0);
		put_s(o, " > ");
		put_u(o, a - 1 - below(400), 0, 0);
		put_s(o, "), lowering kernel.perf_event_max_sample_rate to ");
		put_u(o, 25000 + below(50000), 0, 0);
	} else if (k < 76) {
		put_s(o, "CPU");
		put_u(o, below(32), 0, 0);
		put_s(o, ": Core temperature above threshold, cpu clock throttled (total events = ");
		put_u(o, 1 + below(90000), 0, 0);
		put_c(o, ')');
	} else if (k < 80) {
		put_s(o, "sd ");
		put_u(o, below(4), 0, 0);
		put_s(o, ":0:0:0: [sd");
		put_c(o, (char)('a' + below(4)));
		put_s(o, "] tag#");
		put_u(o, below(32), 0, 0);
		put_s(o, " FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=0s");
	} else if (k < 84) {
		put_s(o, "nfs: server ");
		put_ip(o, true);
		put_s(o, below(2) ? " not responding, still trying" : " OK");
	} else if (k < 88) {
		/* the other rate limiter: not a report, and no warn_alloc */
		put_s(o, "kauditd_printk_skb: ");
		put_u(o, 1 + below(40), 0, 0);
		put_s(o, " callbacks suppressed");
	} else if (k < 92) {
		put_s(o, "bond0: (slave ");
		put_s(o, PICK(ifaces));
		put_s(o, "): link status definitely up, 10000 Mbps full duplex");
	} else if (k < 95) {
		put_s(o, "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#");
		put_u(o, below(4), 0, 0);
		put_s(o, "_DIMM#0 (channel:");
		put_u(o, below(4), 0, 0);
		put_s(o, " slot:0 page:0x");
		put_x(o, rnd() & 0xfffff, 0);
		put_s(o, " offset:0x0 grain:32 syndrome:0x0)");
	} else if (k < 98) {
		put_s(o, "xfs filesystem being remounted at /var/lib/docker/overlay2/");
		put_x(o, rnd(), 16);
		put_s(o, "/merged supports timestamps until 2038 (0x7fffffff)");
	} else {
		put_s(o, "TCP: out of memory -- consider tuning tcp_mem");
	}
	put_c(o, '\n');
}

static void other_line(struct out *o, struct clock *c, const char *host)
{
	uint32_t k = below(100);

	put_stamp(o, c, host);
	if (k < 20) {
		put_s(o, "systemd[1]: ");
		switch (below(4)) {
		case 0:
			put_s(o, "Started Session ");
			put_u(o, 1000 + below(90000), 0, 0);
			put_s(o, " of User ");
			put_s(o, PICK(users));
			put_c(o, '.');
			break;
		case 1:
			put_s(o, "session-");
			put_u(o, 1000 + below(90000), 0, 0);
			put_s(o, ".scope: Deactivated successfully.");
			break;
		case 2:
			put_s(o, "Starting ");
			put_s(o, PICK(units));
			put_s(o, "...");
			break;
		default:
			put_s(o, PICK(units));
			put_s(o, ": Consumed ");
			put_u(o, below(10), 0, 0);
			put_c(o, '.');
			put_u(o, below(1000), 3, '0');
			put_s(o, "s CPU time.");
		}
	} else if (k < 38) {
		put_s(o, "sshd[");
		put_u(o, 1000 + below(4000000), 0, 0);
		switch (below(3)) {
		case 0:
			put_s(o, "]: Accepted publickey for ");
			put_s(o, PICK(users));
			put_s(o, " from ");
			put_ip(o, true);
			put_s(o, " port ");
			put_u(o, 1024 + below(64000), 0, 0);
			put_s(o, " ssh2: ED25519 SHA256:q7Lk3v0hYfPz1mXc2bN8sW4eR6tU9iO0pA5dF3gH1jK");
			break;
		case 1:
			put_s(o, "]: Invalid user admin from ");
			put_ip(o, false);
			put_s(o, " port ");
			put_u(o, 1024 + below(64000), 0, 0);
			break;
		default:
			put_s(o, "]: pam_unix(sshd:session): session opened for user ");
			put_s(o, PICK(users));
			put_s(o, "(uid=0) by (uid=0)");
		}
	} else if (k < 48) {
		put_s(o, "CRON[");
		put_u(o, 1000 + below(4000000), 0, 0);
		put_s(o, "]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)");
	} else if (k < 60) {
		put_s(o, "dockerd[1290]: time=\"2023-04-29T21:54:31.");
		put_u(o, below(1000000000), 9, '0');
		put_s(o, "+08:00\" level=info msg=\"ignoring event\" container=");
		put_x(o, rnd(), 16);
		put_x(o, rnd(), 16);
		put_s(o, " module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\"");
	} else if (k < 76) {
		put_s(o, "kubelet[2211]: I0429 21:54:31.");
		put_u(o, below(1000000), 6, '0');
		put_s(o, "    2211 kubelet.go:2457] \"SyncLoop (PLEG): event for pod\" pod=\"");
		put_s(o, PICK(pods));
		put_s(o, "\" event={ID:");
		put_x(o, rnd() & 0xffffffff, 8);
		put_s(o, " Type:ContainerStarted}");
	} else if (k < 84) {
		put_s(o, "chronyd[812]: Selected source ");
		put_ip(o, true);
		put_s(o, " (ntp.internal)");
	} else if (k < 92) {
		put_s(o, "systemd-logind[811]: New session ");
		put_u(o, 1000 + below(90000), 0, 0);
		put_s(o, " of user ");
		put_s(o, PICK(users));
		put_c(o, '.');
	} else {
		put_s(o, "postfix/smtpd[");
		put_u(o, 1000 + below(4000000), 0, 0);
		put_s(o, "]: connect from unknown[");
		put_ip(o, false);
		put_c(o, ']');
	}
	put_c(o, '\n');
}

/*
 * report templates
 */

enum slot { SLOT_NONE, SLOT_COMM, SLOT_PID, SLOT_CPU };

/* a template line: text with up to three places to substitute */
struct tline {
	const char *text;	/* without wrapper and '\n' */
	size_t len;
	struct {
		unsigned short off, len;
		unsigned char what;	/* enum slot */
	} slot[3];
	int nr_slots;
};

struct template {
	const char *name;
	char *data;
	struct tline *lines;
	size_t nr_lines;
	unsigned int reports;	/* "page allocation failure" headers */
	unsigned int ncpus;	/* CPUs to move tasks among */
	uint64_t copies;
};

/* per copy: the task changes */
struct variant {
	long pid_delta;
	unsigned int cpu_delta;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* length of a "[  859.563156] " dmesg stamp at @s, 0 if none */
static size_t dmesg_stamp(const char *s, size_t n)
{
	size_t i = 1;

	if (!n || s[0] != '[')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || !is_digit(s[i]))
		return 0;
	while (i < n && is_digit(s[i]))
		i++;
	if (i >= n || s[i] != '.')
		return 0;
	i++;
	while (i < n && is_digit(s[i]))
		i++;
	if (i >= n || s[i] != ']')
		return 0;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	return i;
}

/* length of a "Apr 29 21:54:31 host kernel: " syslog wrapper at @s, 0 if none */
static size_t syslog_stamp(const char *s, size_t n)
{
	const char *k;

	if (n < 16 || s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':' || s[15] != ' ')
		return 0;
	k = memmem(s + 16, n - 16, " kernel: ", 9);
	if (!k || memchr(s + 16, ' ', (size_t)(k - s - 16)))
		return 0;
	return (size_t)(k - s) + 9;
}

static void add_slot(struct tline *l, const char *at, size_t len, enum slot what)
{
	if (l->nr_slots >= 3 || !len || len > 64)
		return;
	l->slot[l->nr_slots].off = (unsigned short)(at - l->text);
	l->slot[l->nr_slots].len = (unsigned short)len;
	l->slot[l->nr_slots].what = (unsigned char)what;
	l->nr_slots++;
}

static size_t digits(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && is_digit(s[n]))
		n++;
	return n;
}

/*
 * Find what a copy changes.  The header "COMM: page allocation failure"
 * (2.6: "COMM: page allocation failure. order:...") and the task line
 * "CPU: 13 PID: 48544 Comm: ifconfig ..." (2.6: "Pid: 0, comm: swapper
 * ...").  In a comm "kworker/31:0" or "swapper/3" the CPU number is a slot
 * of its own, so the name follows the CPU.
 */
static void find_slots(struct template *t, struct tline *l)
{
	const char *s = l->text, *end = s + l->len, *p;
	size_t n;

	p = memmem(s, l->len, ": page allocation failure", 25);
	if (p) {
		const char *c = s;

		t->reports++;
		while (c < p && *c == ' ')
			c++;
		if ((size_t)(p - c) > 8 && !memcmp(c, "kworker/", 8) && is_digit(c[8]))
			add_slot(l, c + 8, digits(c + 8, p), SLOT_CPU);
		else if ((size_t)(p - c) > 8 && !memcmp(c, "swapper/", 8) && is_digit(c[8]))
			add_slot(l, c + 8, digits(c + 8, p), SLOT_CPU);
		return;
	}
	if (l->len > 5 && !memcmp(s, "CPU: ", 5) && (p = memmem(s, l->len, " PID: ", 6))) {
		add_slot(l, s + 5, digits(s + 5, end), SLOT_CPU);
		add_slot(l, p + 6, digits(p + 6, end), SLOT_PID);
		p = memmem(s, l->len, " Comm: ", 7);
		if (p && (size_t)(end - p) > 15 &&
		    (!memcmp(p + 7, "kworker/", 8) || !memcmp(p + 7, "swapper/", 8)))
			add_slot(l, p + 15, digits(p + 15, end), SLOT_CPU);
		n = digits(s + 5, end);
		if (n) {
			unsigned int cpu = (unsigned int)strtoul(s + 5, NULL, 10);

			while (t->ncpus <= cpu)
				t->ncpus *= 2;
		}
		return;
	}
	if (l->len > 5 && !memcmp(s, "Pid: ", 5))
		add_slot(l, s + 5, digits(s + 5, end), SLOT_PID);
}

static int load_template(struct template *t, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, len = 0, lineno = 0, alloc = 64;
	char *p, *e;
	int err;

	memset(t, 0, sizeof(*t));
	t->name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	t->ncpus = 4;
	if (!f) {
		fprintf(stderr, "mklog: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t k;

		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(t->data, cap);
			if (!p) {
				fclose(f);
				goto nomem;
			}
			t->data = p;
		}
		k = fread(t->data + len, 1, cap - len - 1, f);
		len += k;
		if (k == 0)
			break;
	}
	err = ferror(f);
	fclose(f);
	if (err) {
		fprintf(stderr, "mklog: read %s: error\n", path);
		return -1;
	}
	t->data[len] = '\0';
	t->lines = malloc(alloc * sizeof(*t->lines));
	if (!t->lines)
		goto nomem;
	for (p = t->data; p < t->data + len; p = e + 1) {
		struct tline *l;
		size_t n, w;

		lineno++;
		e = memchr(p, '\n', (size_t)(t->data + len - p));
		if (!e)
			e = t->data + len;
		n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		w = syslog_stamp(p, n);
		w += dmesg_stamp(p + w, n - w);
		if (n == w)
			continue;	/* blank lines carry nothing */
		if (n - w > TLINE_MAX) {
			fprintf(stderr, "mklog: %s:%zu: line longer than %u bytes\n", path, lineno,
				TLINE_MAX);
			return -1;
		}
		if (t->nr_lines == alloc) {
			struct tline *nlines = realloc(t->lines, 2 * alloc * sizeof(*t->lines));

			if (!nlines)
				goto nomem;
			t->lines = nlines;
			alloc *= 2;
		}
		l = &t->lines[t->nr_lines++];
		memset(l, 0, sizeof(*l));
		l->text = p + w;
		l->len = n - w;
		find_slots(t, l);
	}
	if (!t->reports) {
		fprintf(stderr, "mklog: %s: no \"page allocation failure\" line\n", path);
		return -1;
	}
	return 0;
nomem:
	fprintf(stderr, "mklog: %s: out of memory\n", path);
	return -1;
}

static void put_tline(struct out *o, const struct tline *l, const struct template *t,
		      const struct variant *v)
{
	size_t at = 0;

	for (int i = 0; i < l->nr_slots; i++) {
		const char *s = l->text + l->slot[i].off;
		unsigned long val = strtoul(s, NULL, 10);

		put_mem(o, l->text + at, l->slot[i].off - at);
		switch (l->slot[i].what) {
		case SLOT_PID:	/* pid 0 is the idle task: it stays */
			put_u(o, val ? (uint64_t)((long)val + v->pid_delta) : 0, 0, 0);
			break;
		case SLOT_CPU:
			put_u(o, (val + v->cpu_delta) % t->ncpus, 0, 0);
			break;
		default:
			put_mem(o, s, l->slot[i].len);
		}
		at = l->slot[i].off + l->slot[i].len;
	}
	put_mem(o, l->text + at, l->len - at);
	put_c(o, '\n');
}

/*
 * main loop
 */

static void usage(void)
{
	fprintf(stderr,
		"usage: mklog [-m MIB] [-r REPORTS_PER_GIB] [-i N] [-s SEED] [-H HOST] -o OUT REPORT.log...\n"
		"  -m MIB   size of the file (default 1024)\n"
		"  -r N     copies of a REPORT file per GiB, on average (default 3000)\n"
		"  -i N     one report line in N followed by another program's line (default 64, 0 = never)\n"
		"  -s SEED  generator seed (default 1)\n"
		"  -H HOST  syslog host name (default node07)\n");
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && end != s && !*end && s[0] != '-';
}

int main(int argc, char **argv)
{
	uint64_t mib = 1024, per_gib = 3000, interleave = 64, seed = 1;
	const char *path = NULL, *host = "node07";
	struct clock clk = { .us = 1000000000ull, .boot_wall = (31 + 28 + 31 + 28) * 86400ull };
	struct template *tpl;
	struct out o = { .fd = -1 };
	uint64_t target, gap, next_at, reports = 0;
	size_t nr_tpl;
	int opt;

	while ((opt = getopt(argc, argv, "m:r:i:s:H:o:h")) != -1) {
		uint64_t *dst = NULL;

		switch (opt) {
		case 'm': dst = &mib; break;
		case 'r': dst = &per_gib; break;
		case 'i': dst = &interleave; break;
		case 's': dst = &seed; break;
		case 'H': host = optarg; break;
		case 'o': path = optarg; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
		if (dst && !parse_u64(optarg, dst)) {
			fprintf(stderr, "mklog: invalid number \"%s\" for -%c\n", optarg, opt);
			return 2;
		}
	}
	if (!path || optind >= argc || !mib || !per_gib || strlen(host) > 64 ||
	    mib > (1ull << 30)) {
		usage();
		return 2;
	}
	nr_tpl = (size_t)(argc - optind);
	tpl = calloc(nr_tpl, sizeof(*tpl));
	if (!tpl) {
		fprintf(stderr, "mklog: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < nr_tpl; i++)
		if (load_template(&tpl[i], argv[optind + (int)i]))
			return 1;

	rng_state = seed;
	target = mib << 20;
	/* mean distance between copies; at least one copy, whatever the size */
	gap = (uint64_t)((double)(1ull << 30) / (double)per_gib);
	if (gap < 4096)
		gap = 4096;
	next_at = gap / 2 + rnd() % gap;
	if (next_at >= target)
		next_at = target / 2;

	o.path = path;
	o.buf = malloc(OUT_BUF);
	o.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (!o.buf || o.fd < 0) {
		fprintf(stderr, "mklog: %s: %s\n", path, o.buf ? strerror(errno) : "out of memory");
		return 1;
	}

	while (o.bytes + o.len < target) {
		if (o.len > OUT_BUF - LINE_MAX_OUT && out_flush(&o))
			return 1;
		if (o.bytes + o.len >= next_at) {
			struct template *t = &tpl[below((uint32_t)nr_tpl)];
			struct variant v = {
				.pid_delta = (long)below(4) * 7919 + (long)below(997),
				.cpu_delta = below(t->ncpus),
			};

			for (size_t i = 0; i < t->nr_lines; i++) {
				if (o.len > OUT_BUF - LINE_MAX_OUT && out_flush(&o))
					return 1;
				clk.us += below(40);
				put_kernel(&o, &clk, host);
				put_tline(&o, &t->lines[i], t, &v);
				o.lines++;
				if (interleave && below((uint32_t)interleave) == 0) {
					other_line(&o, &clk, host);
					o.lines++;
				}
			}
			t->copies++;
			reports += t->reports;
			next_at += gap / 2 + rnd() % gap;
			continue;
		}
		clk.us += rnd() % 200000;
		if (below(100) < 55)
			kernel_line(&o, &clk, host);
		else
			other_line(&o, &clk, host);
		o.lines++;
	}
	if (out_flush(&o))
		return 1;
	if (close(o.fd)) {
		fprintf(stderr, "mklog: close %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("bytes %llu\nlines %llu\nreports %llu\n", (unsigned long long)o.bytes,
	       (unsigned long long)o.lines, (unsigned long long)reports);
	for (size_t i = 0; i < nr_tpl; i++) {
		printf("template %s copies %llu reports %llu\n", tpl[i].name,
		       (unsigned long long)tpl[i].copies,
		       (unsigned long long)(tpl[i].copies * tpl[i].reports));
		free(tpl[i].lines);
		free(tpl[i].data);
	}
	free(tpl);
	free(o.buf);
	return 0;
}
