#!/bin/sh
# deps.sh - make sure the Debian packages buddyscope needs are installed.
#   scripts/deps.sh example what `make example` needs: build and run, no test tools
#   scripts/deps.sh check   what `make check` needs: the build and every test tool
#   scripts/deps.sh build   the same as check
#   scripts/deps.sh pkg     plus what tests/pkg/run.sh needs to build the .deb
#   scripts/deps.sh bench   plus what `make bench` compares against
#   scripts/deps.sh lab     plus what `make lab` boots kernels with
# As root it installs what is missing; otherwise it prints the apt-get line.
set -eu

want="gcc make pkg-config libcmocka-dev clang libclang-rt-14-dev libtracefs-dev libtraceevent-dev libarchive-dev jq tzdata
      zlib1g-dev liblzma-dev libzstd-dev libbz2-dev libsystemd-dev libjson-c-dev
      gzip xz-utils zstd bzip2 systemd systemd-journal-remote chromium"
# the exporter: its HTTP, web-config and bcrypt libraries; its tests: a real Prometheus, htpasswd, openssl, curl
want="$want libmicrohttpd-dev libyaml-dev libcrypt-dev prometheus apache2-utils openssl curl"
# tests/tty/run.sh: script(1), a pseudo-terminal for the colour tests
want="$want bsdutils"
# the completion test drives bash-completion and parses the zsh completion
want="$want bash-completion zsh"
# needed only by the tests, never to build or run buddyscope
test_only="libcmocka-dev clang libclang-rt-14-dev jq tzdata bsdutils bash-completion zsh"
case "${1:-build}" in
build|check) ;;
example) want=$(for p in $want; do case " $test_only " in *" $p "*) ;; *) printf '%s ' "$p" ;; esac; done) ;;
pkg) want="$want dpkg-dev debhelper lintian git fakeroot" ;;
bench) want="$want ripgrep time trace-cmd prometheus-node-exporter" ;;
lab) want="$want qemu-system-x86 busybox-static cpio gcc-12 make apt dpkg coreutils" ;;
*) echo "usage: $0 example|check|build|pkg|bench|lab" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
