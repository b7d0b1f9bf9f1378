#!/bin/sh
# run.sh - the Debian package, as CI builds it (a full build: run from
# .ci/run after make check, not from make check):
#  - `dpkg-buildpackage -b -us -uc` in a clean clone of the committed tree
#    builds buddyscope_<version>_<arch>.deb;
#  - lintian reports no error and no warning on it;
#  - it holds the binary, the man page, bash and zsh completion, the
#    example, docs/json.md, the exporter's systemd unit (registered, never
#    enabled nor started) and its /etc/default file, and its Depends (dh_shlibdeps) do not pull
#    in the tracing libraries, which trace loads only when it runs;
#  - unpacked into a scratch root (dpkg-deb -x), its binary explains its
#    own example: the order-5 failure, verdict fragmentation.
set -u
cd "$(dirname "$0")/../.."
./scripts/deps.sh pkg || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

git clone -q "$(pwd)" "$tmp/src" || { echo "pkg: cannot clone the tree"; exit 1; }
git -C "$tmp/src" checkout -q "$(git rev-parse HEAD)"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg-architecture -q DEB_HOST_ARCH)
deb="$tmp/buddyscope_${version}_${arch}.deb"
echo "== dpkg-buildpackage -b -us -uc (clean clone of $(git rev-parse --short HEAD))"
if ! (cd "$tmp/src" && DEB_BUILD_OPTIONS="parallel=${JOBS:-2}" dpkg-buildpackage -b -us -uc) >"$tmp/build.log" 2>&1; then
	tail -40 "$tmp/build.log"
	echo "pkg: dpkg-buildpackage failed"
	exit 1
fi
[ -f "$deb" ] || { bad "no $deb"; ls "$tmp"; exit 1; }
echo "built $(basename "$deb")"

echo "== lintian"
lintian --allow-root --fail-on error,warning "$deb" >"$tmp/lintian.log" 2>&1; rc=$?
cat "$tmp/lintian.log"
[ $rc = 0 ] && echo "lintian: no error, no warning" || bad "lintian (exit $rc)"

echo "== contents"
dpkg-deb -c "$deb" | awk '{ print $6 }' >"$tmp/contents"
for f in ./usr/bin/buddyscope ./usr/share/man/man1/buddyscope.1.gz \
	./usr/share/bash-completion/completions/buddyscope ./usr/share/zsh/vendor-completions/_buddyscope \
	./usr/share/doc/buddyscope/examples/ceph-centos7.log ./usr/share/doc/buddyscope/copyright; do
	grep -qx "$f" "$tmp/contents" || bad "the package lacks $f"
done
grep -q '^\./usr/share/doc/buddyscope/json\.md' "$tmp/contents" || bad "the package lacks docs/json.md"
# the exporter's unit and its options, the unit never enabled nor started by the package
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
for f in ".$unitdir/buddyscope-exporter.service" ./etc/default/buddyscope-exporter; do
	grep -qx "$f" "$tmp/contents" || bad "the package lacks $f"
done
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/default/buddyscope-exporter "$tmp/control/conffiles" 2>/dev/null ||
	bad "/etc/default/buddyscope-exporter is not a conffile"
# never started; enabled only when the unit was installed before and the admin had enabled it
# (dh_installsystemd --no-enable guards its enable with "debian-installed")
if grep -qs 'deb-systemd-invoke' "$tmp/control/postinst" ||
	{ grep -qs 'deb-systemd-helper enable' "$tmp/control/postinst" &&
	  ! grep -qs 'deb-systemd-helper debian-installed' "$tmp/control/postinst"; }; then
	bad "the package enables or starts buddyscope-exporter.service on a new install"
fi
grep -qs 'deb-systemd-helper' "$tmp/control/postinst" && echo "ok   the unit is registered with deb-systemd-helper, disabled"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
case "$depends" in *libc6*) ;; *) bad "Depends not computed by dh_shlibdeps: $depends" ;; esac
case "$depends" in *tracefs*|*traceevent*) bad "Depends pulls in the tracing libraries" ;; esac

echo "== the example, from the unpacked package"
dpkg-deb -x "$deb" "$tmp/root"
"$tmp/root/usr/bin/buddyscope" explain --kernel 3.10.0-514.el7.x86_64 \
	"$tmp/root/usr/share/doc/buddyscope/examples/ceph-centos7.log" >"$tmp/example" 2>&1; rc=$?
if [ $rc = 3 ] && grep -q "order-5 page allocation failure, mode 0x104050" "$tmp/example" &&
	grep -q "^Verdict:   fragmentation" "$tmp/example"; then
	echo "ok   the installed binary explains the installed example (fragmentation)"
else
	bad "the example from the package: exit $rc"
	head -20 "$tmp/example"
fi
zcat "$tmp/root/usr/share/man/man1/buddyscope.1.gz" | grep -q '^\.SS trace' || bad "the installed man page is not this one"
[ "$fail" -eq 0 ] && echo "pkg: ok" || echo "pkg: $fail failed"
[ "$fail" -eq 0 ]
