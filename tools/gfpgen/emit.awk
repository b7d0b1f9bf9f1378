# SPDX-License-Identifier: MIT
#
# emit.awk - turn gfpgen's per-combination printer output into
# lib/knowledge/gfp_<id>.c.  Called by gfpgen only; see its variables there.
#
# Each combination file has lines
#   V name value        every ___GFP_/__GFP_/GFP_ macro that is a constant
#   P i mask name       the %pGg table (__def_gfpflag_names), kernel order
#   T i mask name       the tracepoint table (show_gfp_flags), kernel order
#   Z text              what the tracepoint prints for a zero mask
# Combination c0 is the default build; cM flips relevant option b when bit b
# of M is set.

function hex2num(s,    i, c, v) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}

function is_pow2(v) {
	if (v <= 0)
		return 0
	while (v > 1) {
		if (v % 2)
			return 0
		v = v / 2
	}
	return 1
}

function hexs(v,    s, d) {
	if (v == 0)
		return "0x0"
	s = ""
	while (v > 0) {
		d = v % 16
		s = substr("0123456789abcdef", d + 1, 1) s
		v = (v - d) / 16
	}
	return "0x" s
}

function not_a_value(n) {
	return n ~ /MASK|SHIFT|TABLE|_BAD$|BITS|LAST|_BIT$/
}

# classify(k): fill S_* (single flags, by bit), A_* (aliases), C_* (composites),
# X_* (named flags that are 0 in this build) for combination k.
function classify(k,    n, v, s, i, j, tmp, cnt, triple) {
	delete S_name; delete S_mask; S_n = 0
	delete A_name; delete A_mask; delete A_of; A_n = 0
	delete C_name; delete C_mask; C_n = 0
	delete X_name; X_n = 0
	delete is_single
	triple = 0
	for (i = 1; i <= NN[k]; i++)
		if (NAME[k, i] ~ /^___GFP_/)
			triple = 1
	# singles
	for (i = 1; i <= NN[k]; i++) {
		n = NAME[k, i]; v = VAL[k, n]
		if (not_a_value(n))
			continue
		if (triple) {
			if (n !~ /^___GFP_/ || !is_pow2(v))
				continue
			s = substr(n, 2)
			if (!((k, s) in VAL) || VAL[k, s] != v)
				s = n
		} else {
			if (n !~ /^__GFP_/ || !is_pow2(v))
				continue
			s = n
		}
		if (s in is_single)
			continue
		is_single[s] = 1
		S_n++; S_name[S_n] = s; S_mask[S_n] = v
	}
	# sort singles by bit (insertion sort; tens of rows)
	for (i = 2; i <= S_n; i++)
		for (j = i; j > 1 && (S_mask[j - 1] > S_mask[j] || (S_mask[j - 1] == S_mask[j] && canon_rank(k, S_name[j]) < canon_rank(k, S_name[j - 1]))); j--) {
			tmp = S_name[j]; S_name[j] = S_name[j - 1]; S_name[j - 1] = tmp
			tmp = S_mask[j]; S_mask[j] = S_mask[j - 1]; S_mask[j - 1] = tmp
		}
	# two names for one bit: the first (the one the kernel prints) stays a
	# flag, later ones become aliases of it
	cnt = 0
	for (i = 1; i <= S_n; i++) {
		if (i > 1 && S_mask[i] == S_mask[i - 1] && !(triple && S_name[i] ~ /^__GFP_/ && S_name[i - 1] !~ /^__GFP_/)) {
			A_n++; A_name[A_n] = S_name[i]; A_mask[A_n] = S_mask[i]; A_of[A_n] = keep_name
			continue
		}
		keep_name = S_name[i]
		cnt++; S_name[cnt] = S_name[i]; S_mask[cnt] = S_mask[i]
	}
	S_n = cnt
	delete single_bit
	for (i = 1; i <= S_n; i++)
		single_bit[S_mask[i]] = S_name[i]
	# everything else
	for (i = 1; i <= NN[k]; i++) {
		n = NAME[k, i]; v = VAL[k, n]
		if (not_a_value(n) || n in is_single || n ~ /^___GFP_/)
			continue
		if (n ~ /^__GFP_/ && v == 0) {
			X_n++; X_name[X_n] = n
			continue
		}
		if (n ~ /^__GFP_/ && is_pow2(v) && (v in single_bit)) {
			A_n++; A_name[A_n] = n; A_mask[A_n] = v; A_of[A_n] = single_bit[v]
			continue
		}
		C_n++; C_name[C_n] = n; C_mask[C_n] = v
	}
}

# the name the kernel's own tables use sorts first among names for one bit
function canon_rank(k, n,    i) {
	for (i = 0; i < PN[k]; i++)
		if (PNAME[k, i] == n)
			return 0
	for (i = 0; i < TN[k]; i++)
		if ("__" TNAME[k, i] == n || TNAME[k, i] == n)
			return 0
	return 1 + length(n) / 1000
}

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

# the relevant options whose flip (alone) changes the value of @n in the
# default build; "" when none does
function depends(n, kind,    b, m, r, out, v0) {
	out = ""
	for (b = 0; b < NREL; b++) {
		m = 2 ^ b
		if (kind == "flag")
			r = (FLAGV[0, n] != FLAGV[m, n])
		else
			r = (COMPV[0, n] != COMPV[m, n])
		if (r)
			out = out (out == "" ? "" : ", ") REL[b + 1]
	}
	if (out == "") {
		for (m = 1; m < NCOMBO; m++) {
			if (kind == "flag" && FLAGV[0, n] != FLAGV[m, n])
				return "depends on " relevant
			if (kind != "flag" && COMPV[0, n] != COMPV[m, n])
				return "depends on " relevant
		}
	}
	return out
}

function emit_table(k, s, is_base,    i, n, dep) {
	classify(k)
	printf "static const struct bs_gfp_flag %s_flags[] = {\n", s
	for (i = 1; i <= S_n; i++) {
		dep = is_base ? depends(S_name[i], "flag") : ""
		printf "\t{ %s, %s, %s, NULL },\n", cstr(S_name[i]), hexs(S_mask[i]), cstr(dep)
	}
	for (i = 1; i <= A_n; i++) {
		dep = is_base ? depends(A_name[i], "flag") : ""
		printf "\t{ %s, %s, %s, %s },\n", cstr(A_name[i]), hexs(A_mask[i]), cstr(dep), cstr(A_of[i])
	}
	printf "};\n\n"
	printf "static const struct bs_gfp_name %s_composites[] = {\n", s
	for (i = 1; i <= C_n; i++)
		printf "\t{ %s, %s },\n", cstr(C_name[i]), hexs(C_mask[i])
	printf "};\n\n"
	if (X_n > 0) {
		printf "/* Named in the headers but 0 (compiled out) in this build. */\n"
		printf "static const char *const %s_absent[] = {\n", s
		for (i = 1; i <= X_n; i++)
			printf "\t%s,\n", cstr(X_name[i])
		printf "};\n\n"
	}
	if (PN[k] > 0) {
		printf "/* __def_gfpflag_names: the %%pGg order (mm/debug.c gfpflag_names). */\n"
		printf "static const struct bs_gfp_name %s_names[] = {\n", s
		for (i = 0; i < PN[k]; i++)
			printf "\t{ %s, %s },\n", cstr(PNAME[k, i]), hexs(PMASK[k, i])
		printf "};\n\n"
	}
	if (TN[k] > 0) {
		printf "/* show_gfp_flags(): the order the kmem tracepoints print in. */\n"
		printf "static const struct bs_gfp_name %s_trace[] = {\n", s
		for (i = 0; i < TN[k]; i++)
			printf "\t{ %s, %s },\n", cstr(TNAME[k, i]), hexs(TMASK[k, i])
		printf "};\n\n"
	}
	T_FLAGS[k] = S_n + A_n; T_COMP[k] = C_n; T_ABS[k] = X_n
}

function emit_struct(k, s, name, is_static, is_base,    i) {
	printf "%sconst struct bs_gfp_table %s = {\n", is_static ? "static " : "", name
	printf "\t.id = %s,\n", cstr(id)
	printf "\t.tree = %s,\n", cstr(tree)
	printf "\t.tag = %s,\n", cstr(tag)
	printf "\t.commit = %s,\n", cstr(commit)
	printf "\t.files = %s,\n", cstr(filelist)
	printf "\t.configs = %s,\n", cstr(CDESC[k] == "" ? "no option changes a value" : CDESC[k])
	printf "\t.has_name_table = %s,\n", (PN[k] > 0) ? "true" : "false"
	printf "\t.flags = %s_flags,\n", s
	printf "\t.nr_flags = %d,\n", T_FLAGS[k]
	if (PN[k] > 0) {
		printf "\t.names = %s_names,\n", s
		printf "\t.nr_names = %d,\n", PN[k]
	}
	printf "\t.composites = %s_composites,\n", s
	printf "\t.nr_composites = %d,\n", T_COMP[k]
	printf "\t.major = %d,\n\t.minor = %d,\n\t.sublevel = %d,\n", vmaj, vmin, vsub
	printf "\t.distro = %s,\n", distro == "rhel" ? "BS_DISTRO_RHEL" : "BS_DISTRO_NONE"
	printf "\t.distro_major = %d,\n\t.distro_from = %d,\n\t.distro_to = %d,\n", dmaj, dfrom, dto
	printf "\t.stable_from = %d,\n\t.stable_to = %d,\n", sfrom, sto
	if (since != "") {
		split(since, sv, ".")
		printf "\t.since_major = %d,\n\t.since_minor = %d,\n", sv[1], sv[2]
	}
	if (TN[k] > 0) {
		printf "\t.trace_names = %s_trace,\n", s
		printf "\t.nr_trace_names = %d,\n", TN[k]
		printf "\t.trace_zero = %s,\n", cstr(ZERO[k])
	}
	if (T_ABS[k] > 0) {
		printf "\t.absent = %s_absent,\n", s
		printf "\t.nr_absent = %d,\n", T_ABS[k]
	}
	printf "\t.relevant_configs = %s,\n", cstr(relevant)
	printf "\t.notes = %s,\n", cstr(note)
	if (is_base) {
		if (NCOMBO > 1) {
			printf "\t.variants = %s_variants,\n", base_sym
			printf "\t.nr_variants = %d,\n", NCOMBO - 1
		}
	} else {
		printf "\t.variant = %s,\n", cstr(CDESC[k])
		printf "\t.base = &%s,\n", base_name
	}
	printf "};\n\n"
}

BEGIN {
	NREL = split(relevant, REL, " ")
	NCOMBO = split(combos, CL, "\n")
	filelist = files
	gsub(/ /, ", ", filelist)
	for (k = 0; k < NCOMBO; k++) {
		split(CL[k + 1], parts, "|")
		CFILE[k] = parts[1]; CDESC[k] = parts[2]
		f = work "/" CFILE[k] ".out"
		NN[k] = 0; PN[k] = 0; TN[k] = 0; ZERO[k] = ""
		while ((getline line < f) > 0) {
			split(line, a, " ")
			if (a[1] == "V") {
				NN[k]++; NAME[k, NN[k]] = a[2]; VAL[k, a[2]] = hex2num(a[3])
			} else if (a[1] == "P") {
				PMASK[k, a[2]] = hex2num(a[3]); PNAME[k, a[2]] = a[4]; PN[k]++
			} else if (a[1] == "T") {
				TMASK[k, a[2]] = hex2num(a[3]); TNAME[k, a[2]] = a[4]; TN[k]++
			} else if (a[1] == "Z") {
				ZERO[k] = substr(line, 3)
			}
		}
		close(f)
		# values per name for the dependency notes
		classify(k)
		for (i = 1; i <= S_n; i++) FLAGV[k, S_name[i]] = S_mask[i]
		for (i = 1; i <= A_n; i++) FLAGV[k, A_name[i]] = A_mask[i]
		for (i = 1; i <= C_n; i++) COMPV[k, C_name[i]] = C_mask[i]
		for (i = 1; i <= X_n; i++) ABS[k, X_name[i]] = 1
	}
	base_sym = "gfp_" sym(id)
	base_name = "bs_gfp_table_" sym(id)

	printf "/* SPDX-License-Identifier: MIT */\n"
	printf "/*\n * GENERATED by tools/gfpgen/gfpgen - do not edit; regenerate instead.\n *\n"
	printf " * GFP facts of Linux %d.%d.%d%s, read from %s %s\n", vmaj, vmin, vsub, \
		distro == "rhel" ? sprintf(" (RHEL %d, releases %d..%d)", dmaj, dfrom, dto) : "", tree, tag
	printf " * (commit %s).  Files and git blob ids:\n", commit
	if (sfrom >= 0)
		printf " * Holds for stable releases %d.%d.%d to %d.%d.%d only.\n", vmaj, vmin, sfrom, vmaj, vmin, sto
	if (since != "")
		printf " * Taken to hold from %s on (headers of the series between not read).\n", since
	nf = split(files, fl, " ")
	for (i = 1; i <= nf; i++)
		printf " *   %s\n", fl[i]
	printf " * Options the headers test: %s.\n", configs == "" ? "none" : configs
	printf " * Options that change a value: %s.\n", relevant == "" ? "none" : relevant
	printf " * Default values: a distribution x86_64 build (%s).\n", CDESC[0] == "" ? "no option matters" : CDESC[0]
	if (NCOMBO > 1)
		printf " * The other %d combinations are the variants at the end.\n", NCOMBO - 1
	if (note != "")
		printf " * Note: %s\n", note
	printf " *\n * Names and numbers only: no kernel text is carried here.\n */\n"
	printf "#include \"gfp.h\"\n\n"
	printf "extern const struct bs_gfp_table %s;\n\n", base_name

	for (k = 0; k < NCOMBO; k++) {
		s = base_sym (k == 0 ? "" : "_v" k)
		if (k > 0)
			printf "/* ---- variant: %s ---- */\n\n", CDESC[k]
		emit_table(k, s, k == 0)
		if (k > 0)
			emit_struct(k, s, s, 1, 0)
	}
	if (NCOMBO > 1) {
		printf "static const struct bs_gfp_table *const %s_variants[] = {\n", base_sym
		for (k = 1; k < NCOMBO; k++)
			printf "\t&%s_v%d,\n", base_sym, k
		printf "};\n\n"
	}
	# base table last; its flags tables were emitted first (k == 0)
	classify(0)
	T_FLAGS[0] = S_n + A_n; T_COMP[0] = C_n; T_ABS[0] = X_n
	emit_struct(0, base_sym, base_name, 0, 1)
}
