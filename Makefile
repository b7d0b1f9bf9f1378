# buddyscope — one Makefile, kernel style: `make`, `make check`, `make bench`,
# `make fuzz`, `make install PREFIX=/usr/local DESTDIR=`.  O=dir moves the
# build tree, V=1 shows the commands.

O        ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
FUZZ_CC  ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

PKG_CONFIG ?= pkg-config
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
# trace reads the ring buffer through the field's own libraries: their
# headers at build time, the libraries themselves dlopen()ed by trace only
# (lib/trace/trace_lib.h), so the other commands run where they are absent.
TRACE_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libtracefs libtraceevent 2>/dev/null)
TRACE_LIBS    := -ldl
# explain's inputs: Debian's decompressors, sd-journal and json-c (libbz2 ships no .pc file).
INPUT_PKGS    := zlib liblzma libzstd libsystemd json-c
INPUT_CFLAGS  := $(shell $(PKG_CONFIG) --cflags $(INPUT_PKGS) 2>/dev/null || echo -I/usr/include/json-c)
INPUT_LIBS    := $(shell $(PKG_CONFIG) --libs $(INPUT_PKGS) 2>/dev/null || echo -lz -llzma -lzstd -lsystemd -ljson-c) -lbz2 -pthread
# exporter: HTTP through libmicrohttpd, web config through libyaml, bcrypt through libcrypt.
EXPORTER_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmicrohttpd yaml-0.1 libcrypt 2>/dev/null)
EXPORTER_LIBS   := $(shell $(PKG_CONFIG) --libs libmicrohttpd yaml-0.1 libcrypt 2>/dev/null || echo -lmicrohttpd -lyaml -lcrypt) -pthread

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wno-unused-parameter
CFLAGS   ?= -O2 -g
# snapshot archives (-o FILE.tar.gz) are written and read by libarchive
ARCHIVE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libarchive 2>/dev/null)
ARCHIVE_LIBS   := $(shell $(PKG_CONFIG) --libs libarchive 2>/dev/null || echo -larchive)
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Ilib $(TRACE_CFLAGS) $(INPUT_CFLAGS) $(ARCHIVE_CFLAGS) $(EXPORTER_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LIBS       := $(TRACE_LIBS) $(INPUT_LIBS) $(ARCHIVE_LIBS) $(EXPORTER_LIBS) -lm
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The rooms of the library (docs/architecture.md); lib/*.c is the glue of the jobs.
LIB_SRCS  := $(sort $(wildcard lib/*.c lib/input/*.c lib/parse/*.c lib/kernel/*.c lib/kernel/knowledge/*.c \
             lib/analysis/*.c lib/render/*.c lib/proc/*.c lib/trace/*.c lib/exporter/*.c))
CLI_SRCS  := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))
HDRS      := $(wildcard include/*.h lib/*.h lib/*/*.h cli/*.h tests/unit/*.h)

LIB_OBJS  := $(LIB_SRCS:%.c=$(O)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(O)/obj/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=$(O)/san/%.o)
SAN_CLI_OBJS := $(CLI_SRCS:%.c=$(O)/san/%.o)

LIB       := $(O)/libbuddyscope.a
SAN_LIB   := $(O)/san/libbuddyscope.a
BIN       := $(O)/buddyscope
SAN_BIN   := $(O)/san/buddyscope
TESTS     := $(TEST_SRCS:tests/unit/%.c=$(O)/tests/%)
SAN_TESTS := $(TEST_SRCS:tests/unit/%.c=$(O)/san/tests/%)
FUZZERS   := $(FUZZ_SRCS:fuzz/%.c=$(O)/fuzz/%)

.PHONY: example all deps check unit cli-tests san-check fuzz-check fuzz live-tests bench install uninstall clean lab

all: $(BIN)

$(O)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(O)/san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(call msg,CC-SAN,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(SAN_LIB): $(SAN_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(LIBS)

$(SAN_BIN): $(SAN_CLI_OBJS) $(SAN_LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $(SAN_CLI_OBJS) $(SAN_LIB) $(LIBS)

$(O)/tests/%: tests/unit/%.c $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(CMOCKA_LIBS) $(LIBS)

$(O)/san/tests/%: tests/unit/%.c $(SAN_LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(call msg,CC-SAN,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< $(SAN_LIB) $(CMOCKA_LIBS) $(LIBS)

# A program embedding the library: <buddyscope.h> alone, no -Ilib (tests/embed).
EMBED_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude $(CMOCKA_CFLAGS)
TESTS     += $(O)/tests/test_embed
SAN_TESTS += $(O)/san/tests/test_embed

$(O)/tests/test_embed: tests/embed/test_embed.c include/buddyscope.h $(LIB)
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(EMBED_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(CMOCKA_LIBS) $(LIBS)

$(O)/san/tests/test_embed: tests/embed/test_embed.c include/buddyscope.h $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(call msg,CC-SAN,$<)
	$(Q)$(CC) $(EMBED_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SAN_LIB) $(CMOCKA_LIBS) $(LIBS)

# libFuzzer targets link the library sources directly, built by clang with
# the fuzzer's coverage instrumentation.  Every sanitizer finding aborts,
# as in SAN_FLAGS: a UBSan report that only printed would let CI pass.
$(O)/fuzz/%: fuzz/%.c $(LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(call msg,FUZZ,$<)
	$(Q)$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -Iinclude -Ilib $(TRACE_CFLAGS) $(INPUT_CFLAGS) $(EXPORTER_CFLAGS) -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(LIB_SRCS) $(LIBS)

deps:
	@./scripts/deps.sh build

# make check: everything, in order; the runner prints one closing line
# "check: N passed, N failed" that CI reads.
check:
	@./scripts/deps.sh check
	@$(MAKE) --no-print-directory all $(TESTS)
	@$(MAKE) --no-print-directory $(SAN_BIN) $(SAN_TESTS)
	@$(MAKE) --no-print-directory $(FUZZERS)
	@O=$(O) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) ./tests/run-all.sh

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZERS)
	@O=$(O) FUZZ_SECONDS=$${FUZZ_SECONDS:-300} FUZZ_JOBS=$(FUZZ_JOBS) ./tests/run-fuzz.sh

# Targets that may install packages first build in a sub-make, so that
# pkg-config is asked only once the packages are there.
bench: deps
	@$(MAKE) --no-print-directory all
	@rc=0; for b in bench/run.sh bench/status.sh $(wildcard bench/trace.sh); do \
		echo; O=$(O) ./$$b || rc=1; done; exit $$rc

lab: deps
	@./scripts/deps.sh lab
	@$(MAKE) --no-print-directory all
	@O=$(O) ./tests/lab/run.sh

# What `make install` puts where (source=path under PREFIX) and `make
# uninstall` removes: one list for both.  The public header comes with the
# library headers it includes, in include/buddyscope/ with their paths under
# lib/ (analysis/results.h), so users build with -I$(PREFIX)/include/buddyscope.
PUB_HDRS = $(shell $(CC) -MM -Iinclude -Ilib include/buddyscope.h | tr ' \\' '\n\n' | grep '\.h$$')
INSTALL_MAP = \
	$(BIN)=bin/buddyscope \
	docs/buddyscope.1=share/man/man1/buddyscope.1 \
	contrib/completion/buddyscope.bash=share/bash-completion/completions/buddyscope \
	contrib/completion/_buddyscope=share/zsh/vendor-completions/_buddyscope \
	docs/json.md=share/doc/buddyscope/json.md \
	examples/ceph-centos7.log=share/doc/buddyscope/examples/ceph-centos7.log \
	$(LIB)=lib/libbuddyscope.a \
	$(foreach h,$(PUB_HDRS),$(h)=include/buddyscope/$(patsubst lib/%,%,$(patsubst include/%,%,$(h)))) \
	#
INSTALL_DIRS = share/doc/buddyscope/examples share/doc/buddyscope include/buddyscope/analysis include/buddyscope \
	share/zsh/vendor-completions share/zsh share/bash-completion/completions share/bash-completion

install: $(BIN) $(LIB)
	$(Q)for m in $(INSTALL_MAP); do src=$${m%%=*}; dst="$(DESTDIR)$(PREFIX)/$${m#*=}"; \
		mode=0644; [ "$$src" = "$(BIN)" ] && mode=0755; \
		printf '  %-6s %s\n' INST "$$dst"; install -D -m $$mode "$$src" "$$dst" || exit 1; done

uninstall:
	$(Q)for m in $(INSTALL_MAP); do dst="$(DESTDIR)$(PREFIX)/$${m#*=}"; \
		[ -e "$$dst" ] && printf '  %-6s %s\n' RM "$$dst"; rm -f "$$dst"; done; \
	for d in $(INSTALL_DIRS); do rmdir "$(DESTDIR)$(PREFIX)/$$d" 2>/dev/null; done; true

clean:
	rm -rf $(O)

# The README's first command: the main job on the bundled example.
example:
	@./scripts/deps.sh example
	@$(MAKE) --no-print-directory all
	@$(O)/buddyscope explain --kernel 3.10.0-514.el7.x86_64 examples/ceph-centos7.log; rc=$$?; \
	 [ $$rc -eq 0 ] || [ $$rc -eq 3 ]
