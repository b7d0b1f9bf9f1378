/* SPDX-License-Identifier: MIT */
/*
 * trace_lib.h - libtraceevent and libtracefs, loaded at run time.
 *
 * Debian 12 ships libtraceevent1 and libtracefs1 as optional packages
 * (only trace-cmd pulls them in), so buddyscope does not link them: a
 * machine without them must still run explain, gfp, status and snapshot.
 * trace_decode.c and trace_session.c call the libraries through this
 * table, which bs_tracelib_open() fills with dlsym().  The headers are
 * still those of libtraceevent-dev and libtracefs-dev: each pointer has
 * the type of the function it stands for (__typeof__), so a signature
 * that changes upstream is a compile error, not a crash.
 */
#ifndef BS_TRACE_LIB_H
#define BS_TRACE_LIB_H

#include <stdbool.h>
#include <stddef.h>

#include <tracefs.h>
#include <traceevent/event-parse.h>
#include <traceevent/kbuffer.h>
#include <traceevent/trace-seq.h>

/* The shared objects and the Debian packages that ship them. */
#define BS_TRACEEVENT_SONAME "libtraceevent.so.1"
#define BS_TRACEEVENT_PACKAGE "libtraceevent1"
#define BS_TRACEFS_SONAME "libtracefs.so.1"
#define BS_TRACEFS_PACKAGE "libtracefs1"


struct bs_tracelib {
	void *traceevent;	/* dlopen() handles */
	void *tracefs;		/* NULL unless asked for */
	/* libtraceevent */
	__typeof__(tep_alloc) *tep_alloc;
	__typeof__(tep_free) *tep_free;
	__typeof__(tep_parse_header_page) *tep_parse_header_page;
	__typeof__(tep_get_sub_buffer_size) *tep_get_sub_buffer_size;
	__typeof__(tep_get_header_page_size) *tep_get_header_page_size;
	__typeof__(tep_set_long_size) *tep_set_long_size;
	__typeof__(tep_kbuffer) *tep_kbuffer;
	__typeof__(tep_parse_format) *tep_parse_format;
	__typeof__(tep_find_field) *tep_find_field;
	__typeof__(tep_read_number_field) *tep_read_number_field;
	__typeof__(tep_print_event) *tep_print_event;
	__typeof__(tep_data_pid) *tep_data_pid;
	__typeof__(tep_data_type) *tep_data_type;
	__typeof__(kbuffer_free) *kbuffer_free;
	__typeof__(kbuffer_load_subbuffer) *kbuffer_load_subbuffer;
	__typeof__(kbuffer_missed_events) *kbuffer_missed_events;
	__typeof__(kbuffer_read_event) *kbuffer_read_event;
	__typeof__(kbuffer_next_event) *kbuffer_next_event;
	__typeof__(kbuffer_curr_offset) *kbuffer_curr_offset;
	__typeof__(kbuffer_event_size) *kbuffer_event_size;
	__typeof__(trace_seq_init) *trace_seq_init;
	__typeof__(trace_seq_destroy) *trace_seq_destroy;
	__typeof__(trace_seq_reset) *trace_seq_reset;
	__typeof__(trace_seq_terminate) *trace_seq_terminate;
	/* libtracefs */
	__typeof__(tracefs_set_tracing_dir) *tracefs_set_tracing_dir;
	__typeof__(tracefs_instance_alloc) *tracefs_instance_alloc;
	__typeof__(tracefs_instance_create) *tracefs_instance_create;
	__typeof__(tracefs_instance_destroy) *tracefs_instance_destroy;
	__typeof__(tracefs_instance_free) *tracefs_instance_free;
	__typeof__(tracefs_instance_get_dir) *tracefs_instance_get_dir;
	__typeof__(tracefs_instance_get_name) *tracefs_instance_get_name;
	__typeof__(tracefs_instance_file_read) *tracefs_instance_file_read;
	__typeof__(tracefs_instance_set_buffer_size) *tracefs_instance_set_buffer_size;
	__typeof__(tracefs_event_file_read) *tracefs_event_file_read;
	__typeof__(tracefs_event_file_write) *tracefs_event_file_write;
	__typeof__(tracefs_event_enable) *tracefs_event_enable;
	__typeof__(tracefs_option_enable) *tracefs_option_enable;
};

/*
 * bs_tracelib_open - load libtraceevent, and libtracefs too when @tracefs.
 * RETURN VALUE: the table, every pointer set; NULL with errno ELIBACC when
 * a library or one of its functions is missing (@err then names the
 * Debian package to install), ENOMEM when out of memory.
 */
struct bs_tracelib *bs_tracelib_open(bool tracefs, char *err, size_t errlen);

/* bs_tracelib_close - drop the handles and the table; NULL is fine. */
void bs_tracelib_close(struct bs_tracelib *lib);

/*
 * bs_tracelib_check - whether the libraries bs_tracelib_open(@tracefs)
 * needs can be loaded; 0, or -1 with the reason in @err.
 */
int bs_tracelib_check(bool tracefs, char *err, size_t errlen);

#endif
