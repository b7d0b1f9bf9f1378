# SPDX-License-Identifier: MIT
#
# layouts.awk - turn the facts files of every sampled kernel (gfpgen's
# output, tools/gfpgen/facts/<id>.facts, read in sources.list order) into
# one C file per distinct GFP layout (lib/kernel/knowledge/gfp_layout_<id>.c) and
# the index of samples (lib/kernel/knowledge/gfp_index.c).  Called by
# tools/gfpgen/layouts only; OUT is the output directory.
#
# A facts file holds tab-separated lines:
#   id/tree/tag/commit/version/keying/note/tested/relevant  TEXT
#   file       PATH@BLOB           one per header read
#   build      K  CONFIGS          build K (0 the default, others variants)
#   flag       K  NAME MASK ALIAS_OF CONFIG   ("-" for none)
#   composite  K  NAME MASK
#   absent     K  NAME
#   name       K  NAME MASK        %pGg order
#   trace      K  NAME MASK        show_gfp_flags() order
#   tracezero  K  TEXT
# Two kernels share a layout when every line from "relevant" on is equal.

function sym(s) {
	gsub(/[^A-Za-z0-9]/, "_", s)
	return s
}

function cstr(s) {
	if (s == "")
		return "NULL"
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}

function opt(s) {
	return s == "-" ? "NULL" : cstr(s)
}

BEGIN { FS = "\t"; NS = 0 }

FNR == 1 {
	NS++
	FILE[NS] = FILENAME
	KEY[NS] = ""
	NB[NS] = 0
	NOTE[NS] = ""
	NF_[NS] = 0
}

{
	s = NS
	if ($1 == "file") {
		NF_[s]++
		FL[s, NF_[s]] = $2
		next
	}
	if ($1 == "id" || $1 == "tree" || $1 == "tag" || $1 == "commit" || $1 == "version" ||
	    $1 == "keying" || $1 == "note" || $1 == "tested") {
		META[s, $1] = $2
		next
	}
	# the layout
	KEY[s] = KEY[s] $0 "\n"
	if ($1 == "relevant") {
		REL[s] = $2
		next
	}
	k = $2
	if ($1 == "build") {
		if (k + 1 > NB[s])
			NB[s] = k + 1
		CONF[s, k] = $3
		NFLAG[s, k] = NCOMP[s, k] = NABS[s, k] = NNAME[s, k] = NTRACE[s, k] = 0
		ZERO[s, k] = ""
	} else if ($1 == "flag") {
		i = ++NFLAG[s, k]
		FNAME[s, k, i] = $3; FMASK[s, k, i] = $4; FALIAS[s, k, i] = $5; FCONF[s, k, i] = $6
	} else if ($1 == "composite") {
		i = ++NCOMP[s, k]
		CNAME[s, k, i] = $3; CMASK[s, k, i] = $4
	} else if ($1 == "absent") {
		i = ++NABS[s, k]
		ANAME[s, k, i] = $3
	} else if ($1 == "name") {
		i = ++NNAME[s, k]
		PNAME[s, k, i] = $3; PMASK[s, k, i] = $4
	} else if ($1 == "trace") {
		i = ++NTRACE[s, k]
		TNAME[s, k, i] = $3; TMASK[s, k, i] = $4
	} else if ($1 == "tracezero") {
		ZERO[s, k] = $3
	} else {
		printf "layouts: %s:%d: unknown line \"%s\"\n", FILENAME, FNR, $1 > "/dev/stderr"
		exit 1
	}
}

# the arrays of build k of sample s, under prefix p
function emit_arrays(f, s, k, p,    i) {
	printf "const struct bs_gfp_flag %s_flags[] = {\n", p > f
	for (i = 1; i <= NFLAG[s, k]; i++)
		printf "\t{ %s, %s, %s, %s },\n", cstr(FNAME[s, k, i]), FMASK[s, k, i], opt(FCONF[s, k, i]),
			opt(FALIAS[s, k, i]) > f
	printf "};\n\n" > f
	printf "const struct bs_gfp_name %s_composites[] = {\n", p > f
	for (i = 1; i <= NCOMP[s, k]; i++)
		printf "\t{ %s, %s },\n", cstr(CNAME[s, k, i]), CMASK[s, k, i] > f
	printf "};\n\n" > f
	if (NABS[s, k] > 0) {
		printf "/* Named in the headers but 0 (compiled out) in this build. */\n" > f
		printf "const char *const %s_absent[] = {\n", p > f
		for (i = 1; i <= NABS[s, k]; i++)
			printf "\t%s,\n", cstr(ANAME[s, k, i]) > f
		printf "};\n\n" > f
	}
	if (NNAME[s, k] > 0) {
		printf "/* __def_gfpflag_names: the %%pGg order (mm/debug.c gfpflag_names). */\n" > f
		printf "const struct bs_gfp_name %s_names[] = {\n", p > f
		for (i = 1; i <= NNAME[s, k]; i++)
			printf "\t{ %s, %s },\n", cstr(PNAME[s, k, i]), PMASK[s, k, i] > f
		printf "};\n\n" > f
	}
	if (NTRACE[s, k] > 0) {
		printf "/* show_gfp_flags(): the order the kmem tracepoints print in. */\n" > f
		printf "const struct bs_gfp_name %s_trace[] = {\n", p > f
		for (i = 1; i <= NTRACE[s, k]; i++)
			printf "\t{ %s, %s },\n", cstr(TNAME[s, k, i]), TMASK[s, k, i] > f
		printf "};\n\n" > f
	}
}

function emit_externs(f, s, k, p) {
	printf "extern const struct bs_gfp_flag %s_flags[];\n", p > f
	printf "extern const struct bs_gfp_name %s_composites[];\n", p > f
	if (NABS[s, k] > 0)
		printf "extern const char *const %s_absent[];\n", p > f
	if (NNAME[s, k] > 0)
		printf "extern const struct bs_gfp_name %s_names[];\n", p > f
	if (NTRACE[s, k] > 0)
		printf "extern const struct bs_gfp_name %s_trace[];\n", p > f
}

# one table: sample s, build k, whose arrays are those of layout sample l
function emit_struct(f, s, k, l, name, is_static,    p, ver, kp, nkp, files, i) {
	p = "bs_gfp_layout_" sym(META[l, "id"]) (k ? "_v" k : "")
	split(META[s, "version"], ver, ".")
	files = ""
	for (i = 1; i <= NF_[s]; i++)
		files = files (i > 1 ? ", " : "") FL[s, i]
	printf "%sconst struct bs_gfp_table %s = {\n", is_static ? "static " : "", name > f
	printf "\t.id = %s,\n", cstr(META[s, "id"]) > f
	printf "\t.layout = %s,\n", cstr(META[l, "id"]) > f
	printf "\t.tree = %s,\n", cstr(META[s, "tree"]) > f
	printf "\t.tag = %s,\n", cstr(META[s, "tag"]) > f
	printf "\t.commit = %s,\n", cstr(META[s, "commit"]) > f
	printf "\t.files = %s,\n", cstr(files) > f
	printf "\t.configs = %s,\n", cstr(CONF[s, k]) > f
	printf "\t.has_name_table = %s,\n", (NNAME[s, k] > 0 ? "true" : "false") > f
	printf "\t.flags = %s_flags,\n", p > f
	printf "\t.nr_flags = %d,\n", NFLAG[s, k] > f
	if (NNAME[s, k] > 0) {
		printf "\t.names = %s_names,\n", p > f
		printf "\t.nr_names = %d,\n", NNAME[s, k] > f
	}
	printf "\t.composites = %s_composites,\n", p > f
	printf "\t.nr_composites = %d,\n", NCOMP[s, k] > f
	printf "\t.major = %d,\n\t.minor = %d,\n\t.sublevel = %d,\n", ver[1], ver[2], ver[3] + 0 > f
	nkp = split(META[s, "keying"], kp, ":")
	printf "\t.distro = %s,\n", (kp[1] == "rhel" ? "BS_DISTRO_RHEL" : "BS_DISTRO_NONE") > f
	if (kp[1] == "rhel")
		printf "\t.distro_major = %d,\n\t.distro_from = %d,\n\t.distro_to = %d,\n", kp[2], kp[3], kp[4] > f
	else
		printf "\t.distro_major = -1,\n\t.distro_from = -1,\n\t.distro_to = -1,\n" > f
	if (kp[1] == "stable")
		printf "\t.stable_from = %d,\n\t.stable_to = %d,\n", kp[2], kp[3] > f
	else
		printf "\t.stable_from = -1,\n\t.stable_to = -1,\n" > f
	if (kp[1] == "since") {
		split(kp[2], sv, ".")
		printf "\t.since_major = %d,\n\t.since_minor = %d,\n", sv[1], sv[2] > f
	}
	if (NTRACE[s, k] > 0) {
		printf "\t.trace_names = %s_trace,\n", p > f
		printf "\t.nr_trace_names = %d,\n", NTRACE[s, k] > f
		printf "\t.trace_zero = %s,\n", cstr(ZERO[s, k]) > f
	}
	if (NABS[s, k] > 0) {
		printf "\t.absent = %s_absent,\n", p > f
		printf "\t.nr_absent = %d,\n", NABS[s, k] > f
	}
	printf "\t.relevant_configs = %s,\n", cstr(REL[s]) > f
	printf "\t.notes = %s,\n", cstr(META[s, "note"]) > f
	if (k == 0) {
		if (NB[s] > 1) {
			printf "\t.variants = gfp_%s_variants,\n", sym(META[s, "id"]) > f
			printf "\t.nr_variants = %d,\n", NB[s] - 1 > f
		}
	} else {
		printf "\t.variant = %s,\n", cstr(CONF[s, k]) > f
		printf "\t.base = &gfp_%s,\n", sym(META[s, "id"]) > f
	}
	printf "};\n\n" > f
}

END {
	# group the samples by layout; a layout is named for its first sample
	NL = 0
	for (s = 1; s <= NS; s++) {
		if (!(KEY[s] in LAYOUT_OF)) {
			LAYOUT_OF[KEY[s]] = s
			NL++
			LFIRST[NL] = s
		}
		L[s] = LAYOUT_OF[KEY[s]]
		KERNELS[L[s]] = KERNELS[L[s]] (KERNELS[L[s]] == "" ? "" : " ") META[s, "id"]
	}

	for (n = 1; n <= NL; n++) {
		l = LFIRST[n]
		f = OUT "/gfp_layout_" sym(META[l, "id"]) ".c"
		printf "/* SPDX-License-Identifier: MIT */\n" > f
		printf "/*\n * GENERATED by tools/gfpgen/layouts from tools/gfpgen/facts - do not edit;\n" > f
		printf " * regenerate instead.\n *\n" > f
		printf " * One GFP layout: the single flags, composites and name tables these kernels\n" > f
		printf " * share: %s.\n", KERNELS[l] > f
		printf " * Where each kernel's headers were read is in gfp_index.c.\n" > f
		printf " * Options that change a value: %s.\n", (REL[l] == "" ? "none" : REL[l]) > f
		printf " * Default values: a distribution x86_64 build (%s).\n", CONF[l, 0] > f
		if (NB[l] > 1)
			printf " * The other %d combinations are the variants at the end.\n", NB[l] - 1 > f
		printf " *\n * Names and numbers only: no kernel text is carried here.\n */\n" > f
		printf "#include \"kernel/gfp.h\"\n\n" > f
		for (k = 0; k < NB[l]; k++) {
			if (k > 0)
				printf "/* ---- variant: %s ---- */\n\n", CONF[l, k] > f
			emit_arrays(f, l, k, "bs_gfp_layout_" sym(META[l, "id"]) (k ? "_v" k : ""))
		}
		close(f)
	}

	f = OUT "/gfp_index.c"
	printf "/* SPDX-License-Identifier: MIT */\n" > f
	printf "/*\n * GENERATED by tools/gfpgen/layouts from tools/gfpgen/facts - do not edit;\n" > f
	printf " * regenerate instead.\n *\n" > f
	printf " * The sampled kernels, oldest first (tools/gfpgen/sources.list order): for\n" > f
	printf " * each, where its headers were read (tree, tag, commit, the git blob id of\n" > f
	printf " * every file) and which layout (gfp_layout_<id>.c) they define.\n */\n" > f
	printf "#include \"kernel/gfp.h\"\n\n" > f
	for (n = 1; n <= NL; n++) {
		l = LFIRST[n]
		printf "/* gfp_layout_%s.c */\n", sym(META[l, "id"]) > f
		for (k = 0; k < NB[l]; k++)
			emit_externs(f, l, k, "bs_gfp_layout_" sym(META[l, "id"]) (k ? "_v" k : ""))
		printf "\n" > f
	}
	for (s = 1; s <= NS; s++) {
		id = sym(META[s, "id"])
		printf "/*\n * %s: Linux %s, read from %s %s (commit %s).\n", META[s, "id"], META[s, "version"],
			META[s, "tree"], META[s, "tag"], META[s, "commit"] > f
		printf " * Options the headers test: %s.\n", (META[s, "tested"] == "" ? "none" : META[s, "tested"]) > f
		printf " */\n" > f
		if (NB[s] > 1) {
			printf "static const struct bs_gfp_table gfp_%s;\n\n", id > f
			for (k = 1; k < NB[s]; k++)
				emit_struct(f, s, k, L[s], "gfp_" id "_v" k, 1)
			printf "static const struct bs_gfp_table *const gfp_%s_variants[] = {\n", id > f
			for (k = 1; k < NB[s]; k++)
				printf "\t&gfp_%s_v%d,\n", id, k > f
			printf "};\n\n" > f
		}
		emit_struct(f, s, 0, L[s], "gfp_" id, 1)
	}
	printf "const struct bs_gfp_table *const bs_gfp_knowledge[] = {\n" > f
	for (s = 1; s <= NS; s++)
		printf "\t&gfp_%s,\n", sym(META[s, "id"]) > f
	printf "};\n\n" > f
	printf "const size_t bs_gfp_knowledge_count = sizeof(bs_gfp_knowledge) / sizeof(bs_gfp_knowledge[0]);\n" > f
	close(f)
}
