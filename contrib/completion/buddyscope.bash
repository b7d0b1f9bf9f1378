# bash completion for buddyscope                              -*- shell-script -*-
# Commands and options are read from `buddyscope --help` and
# `buddyscope CMD --help`, so completion lists exactly what the installed
# binary accepts (tests/docs/sync.sh keeps the help, man page and README
# in step).

# The long and short options COMMAND's help lists, one a word.
_buddyscope_options()
{
	"$1" "$2" --help 2>/dev/null |
		sed -n 's/^ \{1,4\}\(-[a-zA-Z]\), \(--[a-z][a-z-]*\).*/\1 \2/p;
			s/^ \{1,4\}\(--[a-z][a-z-]*\).*/\1/p'
}

_buddyscope()
{
	local cur prev words cword cmd i
	_init_completion || return

	cmd=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$("$1" --help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p') --help --version" -- "$cur"))
		return
	fi

	case $prev in
	--root|--record|-r|--replay|-R)
		_filedir -d
		[[ $prev == --root ]] && _filedir '@(tar|tar.gz|tgz)'
		return ;;
	-o|--output)
		_filedir
		return ;;
	--kernel|-k)
		# the kernels whose GFP tables buddyscope knows, as --kernel takes them
		COMPREPLY=($(compgen -W "$("$1" gfp --list-kernels 2>/dev/null)" -- "$cur"))
		return ;;
	--interval|--order|--min-order|--node|--gfp|--year|--duration|-d|--pid|-p|--comm|-c|--config)
		return ;;
	--tz)
		COMPREPLY=($(compgen -W "$(cd /usr/share/zoneinfo 2>/dev/null &&
			find . -type f -name '[A-Z]*' | sed 's|^\./||')" -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_buddyscope_options "$1" "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	explain) _filedir ;;
	gfp)
		COMPREPLY=($(compgen -W "GFP_KERNEL GFP_NOFS GFP_NOIO GFP_ATOMIC GFP_NOWAIT
			GFP_HIGHUSER_MOVABLE GFP_TRANSHUGE GFP_USER __GFP_COMP __GFP_NOWARN
			__GFP_NORETRY __GFP_RETRY_MAYFAIL __GFP_NOFAIL __GFP_ZERO" -- "$cur")) ;;
	esac
} &&
	complete -F _buddyscope buddyscope
