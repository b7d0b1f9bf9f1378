// SPDX-License-Identifier: MIT
/*
 * trace_lib.c - dlopen() of libtraceevent and libtracefs, and the dlsym()
 * table trace_decode.c and trace_session.c call them through (see
 * trace_lib.h for why they are not linked).
 */
#include "trace/trace_lib.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Each entry: a function's name and where its pointer lives in the table. */
struct sym {
	const char *name;
	size_t off;
	bool tracefs;		/* from libtracefs, else libtraceevent */
};

#define SYM(fn, fs) { #fn, offsetof(struct bs_tracelib, fn), fs }

static const struct sym syms[] = {
	SYM(tep_alloc, false),
	SYM(tep_free, false),
	SYM(tep_parse_header_page, false),
	SYM(tep_get_sub_buffer_size, false),
	SYM(tep_get_header_page_size, false),
	SYM(tep_set_long_size, false),
	SYM(tep_kbuffer, false),
	SYM(tep_parse_format, false),
	SYM(tep_find_field, false),
	SYM(tep_read_number_field, false),
	SYM(tep_print_event, false),
	SYM(tep_data_pid, false),
	SYM(tep_data_type, false),
	SYM(kbuffer_free, false),
	SYM(kbuffer_load_subbuffer, false),
	SYM(kbuffer_missed_events, false),
	SYM(kbuffer_read_event, false),
	SYM(kbuffer_next_event, false),
	SYM(kbuffer_curr_offset, false),
	SYM(kbuffer_event_size, false),
	SYM(trace_seq_init, false),
	SYM(trace_seq_destroy, false),
	SYM(trace_seq_reset, false),
	SYM(trace_seq_terminate, false),
	SYM(tracefs_set_tracing_dir, true),
	SYM(tracefs_instance_alloc, true),
	SYM(tracefs_instance_create, true),
	SYM(tracefs_instance_destroy, true),
	SYM(tracefs_instance_free, true),
	SYM(tracefs_instance_get_dir, true),
	SYM(tracefs_instance_get_name, true),
	SYM(tracefs_instance_file_read, true),
	SYM(tracefs_instance_set_buffer_size, true),
	SYM(tracefs_event_file_read, true),
	SYM(tracefs_event_file_write, true),
	SYM(tracefs_event_enable, true),
	SYM(tracefs_option_enable, true),
};

/* dlopen @soname; on failure say which Debian package provides it. */
static void *load(const char *soname, const char *package, char *err, size_t errlen)
{
	/*
	 * RTLD_NODELETE: libtracefs keeps process-wide state (the tracing
	 * directory tracefs_set_tracing_dir() strdup()s); unmapping it on
	 * dlclose() would orphan that memory, and a later open would reset it.
	 */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

	if (!h)
		snprintf(err, errlen, "trace needs %s from the Debian package %s, which cannot be "
			 "loaded (%s): apt-get install %s", soname, package, dlerror(), package);
	return h;
}

struct bs_tracelib *bs_tracelib_open(bool tracefs, char *err, size_t errlen)
{
	struct bs_tracelib *lib = calloc(1, sizeof(*lib));

	if (errlen)
		err[0] = '\0';
	if (!lib) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	lib->traceevent = load(BS_TRACEEVENT_SONAME, BS_TRACEEVENT_PACKAGE, err, errlen);
	if (lib->traceevent && tracefs)
		lib->tracefs = load(BS_TRACEFS_SONAME, BS_TRACEFS_PACKAGE, err, errlen);
	if (!lib->traceevent || (tracefs && !lib->tracefs))
		goto error;
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *h = syms[i].tracefs ? lib->tracefs : lib->traceevent;
		void *fn;

		if (!h)
			continue;
		fn = dlsym(h, syms[i].name);
		if (!fn) {
			snprintf(err, errlen, "%s lacks %s: too old a %s", syms[i].tracefs ? BS_TRACEFS_SONAME :
				 BS_TRACEEVENT_SONAME, syms[i].name, syms[i].tracefs ? BS_TRACEFS_PACKAGE :
				 BS_TRACEEVENT_PACKAGE);
			goto error;
		}
		/* POSIX guarantees a data pointer from dlsym() converts to the function's type */
		*(void **)((char *)lib + syms[i].off) = fn;
	}
	return lib;
error:
	bs_tracelib_close(lib);
	errno = ELIBACC;
	return NULL;
}

void bs_tracelib_close(struct bs_tracelib *lib)
{
	if (!lib)
		return;
	if (lib->tracefs)
		dlclose(lib->tracefs);
	if (lib->traceevent)
		dlclose(lib->traceevent);
	free(lib);
}

int bs_tracelib_check(bool tracefs, char *err, size_t errlen)
{
	struct bs_tracelib *lib = bs_tracelib_open(tracefs, err, errlen);

	if (!lib)
		return -1;
	bs_tracelib_close(lib);
	return 0;
}
