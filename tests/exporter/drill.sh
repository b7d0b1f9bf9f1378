#!/bin/sh
# drill.sh TAG - write a page allocation failure report (the 6.7 fixture,
# order 5, GFP_KERNEL) into /dev/kmsg as user-space records, its task
# renamed "bsdrill-TAG" so that tests find their own report and nobody
# mistakes it for a real failure.  Root only.
set -eu
tag=$1
fixture=${DRILL_FIXTURE:-tests/fixtures/reports/x86_64-atlantic-order5-6.7.log}
sed -e 's/^\[ *[0-9.]*\] //' -e "s/ifconfig/bsdrill-$tag/g" "$fixture" |
while IFS= read -r line; do
	printf '<4>%s\n' "$line" >/dev/kmsg
done
