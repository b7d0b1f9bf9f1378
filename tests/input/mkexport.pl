#!/usr/bin/perl
# mkexport.pl BOOT_ID REALTIME_BASE_USEC < dmesg-log > export-stream
# Writes a kernel log (dmesg lines "[  652.272622] text", or bare text) as a
# journal export stream, the way systemd-journald stores kernel messages
# (_TRANSPORT=kernel, SYSLOG_IDENTIFIER=kernel, the printk stamp as
# __MONOTONIC_TIMESTAMP), for systemd-journal-remote to turn into a real
# journal file.  Every third MESSAGE is written in the binary-safe form.
use strict;
use warnings;
my ($boot, $base) = @ARGV;
my ($n, $mono) = (0, 1000000);
binmode STDOUT;
while (my $l = <STDIN>) {
	chomp $l;
	$l =~ s/\r$//;
	if ($l =~ /^\[\s*(\d+)\.(\d{1,6})\]\s?(.*)$/) {
		$mono = $1 * 1000000 + substr($2 . "000000", 0, 6);
		$l = $3;
	} else {
		$mono++;
	}
	print "__REALTIME_TIMESTAMP=", $base + $mono, "\n";
	print "__MONOTONIC_TIMESTAMP=$mono\n";
	print "_BOOT_ID=$boot\n_TRANSPORT=kernel\nSYSLOG_IDENTIFIER=kernel\nSYSLOG_FACILITY=0\nPRIORITY=4\n";
	print "_HOSTNAME=testhost\n";
	if ($n++ % 3 == 2) {
		print "MESSAGE\n", pack("Q<", length($l)), $l, "\n";
	} else {
		print "MESSAGE=$l\n";
	}
	print "\n";
}
