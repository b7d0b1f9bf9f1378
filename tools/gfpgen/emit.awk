# SPDX-License-Identifier: MIT
#
# emit.awk - turn gfpgen's per-combination printer output into the facts
# file of one kernel (tools/gfpgen/facts/<id>.facts, format in layouts.awk):
# names and numbers only, the reference data tools/gfpgen/layouts turns
# into lib/kernel/knowledge/.  Called by gfpgen only; see its variables there.
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

function dash(s) {
	return s == "" ? "-" : s
}

# the facts of combination k: its single flags (aliases after them), the
# composites, the flags compiled out, and both name tables in kernel order
function emit_build(k, is_base,    i) {
	classify(k)
	printf "build\t%d\t%s\n", k, CDESC[k] == "" ? "no option changes a value" : CDESC[k]
	for (i = 1; i <= S_n; i++)
		printf "flag\t%d\t%s\t%s\t-\t%s\n", k, S_name[i], hexs(S_mask[i]),
			dash(is_base ? depends(S_name[i], "flag") : "")
	for (i = 1; i <= A_n; i++)
		printf "flag\t%d\t%s\t%s\t%s\t%s\n", k, A_name[i], hexs(A_mask[i]), A_of[i],
			dash(is_base ? depends(A_name[i], "flag") : "")
	for (i = 1; i <= C_n; i++)
		printf "composite\t%d\t%s\t%s\n", k, C_name[i], hexs(C_mask[i])
	for (i = 1; i <= X_n; i++)
		printf "absent\t%d\t%s\n", k, X_name[i]
	for (i = 0; i < PN[k]; i++)
		printf "name\t%d\t%s\t%s\n", k, PNAME[k, i], hexs(PMASK[k, i])
	for (i = 0; i < TN[k]; i++)
		printf "trace\t%d\t%s\t%s\n", k, TNAME[k, i], hexs(TMASK[k, i])
	if (TN[k] > 0)
		printf "tracezero\t%d\t%s\n", k, ZERO[k]
}

BEGIN {
	NREL = split(relevant, REL, " ")
	NCOMBO = split(combos, CL, "\n")


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
	printf "id\t%s\ntree\t%s\ntag\t%s\ncommit\t%s\n", id, tree, tag, commit
	printf "version\t%d.%d.%d\n", vmaj, vmin, vsub
	if (distro == "rhel")
		printf "keying\trhel:%d:%d:%d\n", dmaj, dfrom, dto
	else if (sfrom >= 0)
		printf "keying\tstable:%d:%d\n", sfrom, sto
	else if (since != "")
		printf "keying\tsince:%s\n", since
	else
		printf "keying\t-\n"
	if (note != "")
		printf "note\t%s\n", note
	nf = split(files, fl, " ")
	for (i = 1; i <= nf; i++)
		printf "file\t%s\n", fl[i]
	printf "tested\t%s\n", configs
	printf "relevant\t%s\n", relevant
	for (k = 0; k < NCOMBO; k++)
		emit_build(k, k == 0)
}
