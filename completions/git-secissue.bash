#!/bin/bash

__git-secissue_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__git-secissue_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__git-secissue_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__git-secissue_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_git-secissue() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|new|list|show|log|mine|edit|comment|status|close|reopen|commit|migrate|assign|link|validate|import|ci|export|guide|libs|hooks|hook|sync|merge-driver|protect|baseline|telemetry|secrets|stats|report|recipients|disclose|test|help)
        # Offer subcommand argument completions
        "_git-secissue_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init new list show log mine edit comment status close reopen commit migrate assign link validate import ci export guide libs hooks hook sync merge-driver protect baseline telemetry secrets stats report recipients disclose test help' -- "${cur}"))
        ;;
    esac
}

_git-secissue_init() {
    repeating_flags=()
    non_repeating_flags=(--force --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ci --guidance --ref)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--ci')
        __git-secissue_add_completions -W 'github'$'\n''gitlab'
        return
        ;;
    '--guidance')
        __git-secissue_add_completions -W 'all'$'\n''none'
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_new() {
    repeating_flags=()
    non_repeating_flags=(--confidential --no-commit --version -h --help)
    repeating_options=(--cwe --tag --link)
    non_repeating_options=(--title --severity --path -m --message --file --assignee --ref)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--title')
        return
        ;;
    '--severity')
        __git-secissue_add_completions -W 'critical'$'\n''high'$'\n''medium'$'\n''low'$'\n''info'
        return
        ;;
    '--cwe')
        return
        ;;
    '--path')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '--file')
        return
        ;;
    '--assignee')
        return
        ;;
    '--tag')
        return
        ;;
    '--link')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_list() {
    repeating_flags=()
    non_repeating_flags=(--all --overdue --unassigned --wide --version -h --help)
    repeating_options=(--status --severity --cwe)
    non_repeating_options=(--min-severity --tag --path --assignee --search --tool --rule --sort --limit --at --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __git-secissue_add_completions -W 'open'$'\n''confirmed'$'\n''fixed'$'\n''risk-accepted'$'\n''false-positive'$'\n''duplicate'
        return
        ;;
    '--severity')
        __git-secissue_add_completions -W 'critical'$'\n''high'$'\n''medium'$'\n''low'$'\n''info'
        return
        ;;
    '--min-severity')
        __git-secissue_add_completions -W 'critical'$'\n''high'$'\n''medium'$'\n''low'$'\n''info'
        return
        ;;
    '--tag')
        return
        ;;
    '--path')
        return
        ;;
    '--assignee')
        return
        ;;
    '--search')
        return
        ;;
    '--tool')
        return
        ;;
    '--rule')
        return
        ;;
    '--cwe')
        return
        ;;
    '--sort')
        __git-secissue_add_completions -W 'severity'$'\n''due'$'\n''age'$'\n''path'$'\n''updated'
        return
        ;;
    '--limit')
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_show() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--format --at)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--at')
        return
        ;;
    esac
}

_git-secissue_log() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--format --at)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--at')
        return
        ;;
    esac
}

_git-secissue_mine() {
    repeating_flags=()
    non_repeating_flags=(--all --introduced --assigned --wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--author --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--author')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_edit() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ref')
        return
        ;;
    esac
}

_git-secissue_comment() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(-m --message --where --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-m'|'--message')
        return
        ;;
    '--where')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_status() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --confidential --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--where --reason --expires --duplicate-of --commit --ref)
    __git-secissue_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--where')
        return
        ;;
    '--reason')
        return
        ;;
    '--expires')
        return
        ;;
    '--duplicate-of')
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    2)
        __git-secissue_add_completions -W 'open'$'\n''confirmed'$'\n''fixed'$'\n''risk-accepted'$'\n''false-positive'$'\n''duplicate'
        return
        ;;
    esac
}

_git-secissue_close() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--commit --reason --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--commit')
        return
        ;;
    '--reason')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_reopen() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_commit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-m --message)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-m'|'--message')
        return
        ;;
    esac
}

_git-secissue_migrate() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0
}

_git-secissue_assign() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--where --ref)
    __git-secissue_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--where')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_link() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--where --commit --issue --guidance --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--where')
        return
        ;;
    '--commit')
        return
        ;;
    '--issue')
        return
        ;;
    '--guidance')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_validate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--at --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--at')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_git-secissue_import() {
    repeating_flags=()
    non_repeating_flags=(--partial --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--tool --category --commit --ref --format)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--tool')
        return
        ;;
    '--category')
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_git-secissue_ci() {
    repeating_flags=()
    non_repeating_flags=(--adopt --partial --no-commit --version -h --help)
    repeating_options=(--sarif)
    non_repeating_options=(--base --mode --summary --tool --category --commit --ref --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--sarif')
        return
        ;;
    '--base')
        return
        ;;
    '--mode')
        __git-secissue_add_completions -W 'commit'$'\n''report'
        return
        ;;
    '--summary')
        return
        ;;
    '--tool')
        return
        ;;
    '--category')
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_git-secissue_export() {
    repeating_flags=()
    non_repeating_flags=(--all --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --for --at)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--format')
        __git-secissue_add_completions -W 'sarif'$'\n''json'$'\n''csv'$'\n''defectdojo'
        return
        ;;
    '--for')
        __git-secissue_add_completions -W 'oasis'$'\n''github'
        return
        ;;
    '--at')
        return
        ;;
    esac
}

_git-secissue_guide() {
    repeating_flags=()
    non_repeating_flags=(--no-pager --wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--for --path --search --format --at)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--for')
        return
        ;;
    '--path')
        return
        ;;
    '--search')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--at')
        return
        ;;
    esac
}

_git-secissue_libs() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    check|audit|list|trust|ban)
        # Offer subcommand argument completions
        "_git-secissue_libs_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'check audit list trust ban' -- "${cur}"))
        ;;
    esac
}

_git-secissue_libs_check() {
    repeating_flags=()
    non_repeating_flags=(--wide --no-file --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--diff --format --commit --ref)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--diff')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_libs_audit() {
    repeating_flags=()
    non_repeating_flags=(--wide --no-file --no-cache --no-commit --version -h --help)
    repeating_options=(--advisories)
    non_repeating_options=(--diff --format --commit --ref)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--advisories')
        return
        ;;
    '--diff')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_libs_list() {
    repeating_flags=()
    non_repeating_flags=(--wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--ecosystem --at --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--ecosystem')
        __git-secissue_add_completions -W 'swift'$'\n''npm'$'\n''pypi'$'\n''go'$'\n''cargo'$'\n''rubygems'$'\n''maven'$'\n''composer'$'\n''nuget'
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_libs_trust() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ecosystem --reason --versions --owner --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ecosystem')
        __git-secissue_add_completions -W 'swift'$'\n''npm'$'\n''pypi'$'\n''go'$'\n''cargo'$'\n''rubygems'$'\n''maven'$'\n''composer'$'\n''nuget'
        return
        ;;
    '--reason')
        return
        ;;
    '--versions')
        return
        ;;
    '--owner')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_libs_ban() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ecosystem --reason --versions --alternative --severity --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ecosystem')
        __git-secissue_add_completions -W 'swift'$'\n''npm'$'\n''pypi'$'\n''go'$'\n''cargo'$'\n''rubygems'$'\n''maven'$'\n''composer'$'\n''nuget'
        return
        ;;
    '--reason')
        return
        ;;
    '--versions')
        return
        ;;
    '--alternative')
        return
        ;;
    '--severity')
        __git-secissue_add_completions -W 'critical'$'\n''high'$'\n''medium'$'\n''low'$'\n''info'
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_hooks() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    install|uninstall)
        # Offer subcommand argument completions
        "_git-secissue_hooks_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'install uninstall' -- "${cur}"))
        ;;
    esac
}

_git-secissue_hooks_install() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0
}

_git-secissue_hooks_uninstall() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0
}

_git-secissue_hook() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    pre-commit|commit-msg|pre-push)
        # Offer subcommand argument completions
        "_git-secissue_hook_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'pre-commit commit-msg pre-push' -- "${cur}"))
        ;;
    esac
}

_git-secissue_hook_pre-commit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options -1
}

_git-secissue_hook_commit-msg() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 1
}

_git-secissue_hook_pre-push() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 2
}

_git-secissue_sync() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ref --format)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ref')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_git-secissue_merge-driver() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 4
}

_git-secissue_protect() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    check|status)
        # Offer subcommand argument completions
        "_git-secissue_protect_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'check status' -- "${cur}"))
        ;;
    esac
}

_git-secissue_protect_check() {
    repeating_flags=()
    non_repeating_flags=(--wide --no-file --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --reviews --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--reviews')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_protect_status() {
    repeating_flags=()
    non_repeating_flags=(--wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_baseline() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    record|check)
        # Offer subcommand argument completions
        "_git-secissue_baseline_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'record check' -- "${cur}"))
        ;;
    esac
}

_git-secissue_baseline_record() {
    repeating_flags=()
    non_repeating_flags=(--packages --with-content --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--root --ref)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--root')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_baseline_check() {
    repeating_flags=()
    non_repeating_flags=(--wide --no-file --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--root --format --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--root')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_telemetry() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    ingest)
        # Offer subcommand argument completions
        "_git-secissue_telemetry_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'ingest' -- "${cur}"))
        ;;
    esac
}

_git-secissue_telemetry_ingest() {
    repeating_flags=()
    non_repeating_flags=(--wide --matches --no-file --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--input --format --commit --ref)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--input')
        __git-secissue_add_completions -W 'combined'$'\n''common'$'\n''jsonl'$'\n''cloudtrail'$'\n''auto'
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_secrets() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    scan)
        # Offer subcommand argument completions
        "_git-secissue_secrets_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'scan' -- "${cur}"))
        ;;
    esac
}

_git-secissue_secrets_scan() {
    repeating_flags=()
    non_repeating_flags=(--wide --no-file --no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--history --format --commit --ref)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--history')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--commit')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_stats() {
    repeating_flags=()
    non_repeating_flags=(--wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--since --until --by --top --repos --format)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--by')
        __git-secissue_add_completions -W 'day'$'\n''week'$'\n''month'
        return
        ;;
    '--top')
        return
        ;;
    '--repos')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_report() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --format --at --repos)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'html'$'\n''markdown'
        return
        ;;
    '--at')
        return
        ;;
    '--repos')
        return
        ;;
    esac
}

_git-secissue_recipients() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove|id-key)
        # Offer subcommand argument completions
        "_git-secissue_recipients_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove id-key' -- "${cur}"))
        ;;
    esac
}

_git-secissue_recipients_list() {
    repeating_flags=()
    non_repeating_flags=(--wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--at --format)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--at')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_recipients_add() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--name --ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--name')
        return
        ;;
    '--ref')
        return
        ;;
    esac
}

_git-secissue_recipients_remove() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ref')
        return
        ;;
    esac
}

_git-secissue_recipients_id-key() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ref)
    __git-secissue_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--ref')
        return
        ;;
    esac
}

_git-secissue_disclose() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --version -h --help)
    repeating_options=()
    non_repeating_options=(--ref)
    __git-secissue_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ref')
        return
        ;;
    esac
}

_git-secissue_test() {
    repeating_flags=()
    non_repeating_flags=(--no-commit --wide --version -h --help)
    repeating_options=()
    non_repeating_options=(--changed-since --mode --ref --format)
    __git-secissue_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--changed-since')
        return
        ;;
    '--mode')
        __git-secissue_add_completions -W 'commit'$'\n''report'
        return
        ;;
    '--ref')
        return
        ;;
    '--format')
        __git-secissue_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_git-secissue_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __git-secissue_offer_flags_options -1
}

complete -o filenames -F _git-secissue git-secissue

# git's completion calls _git_secissue for `git [OPTIONS] secissue ...` (bash-completion loads
# this file for it by its name, git-secissue): complete the words after `secissue` as if they
# followed git-secissue. COMP_WORDS is searched rather than git's __git_cmd_idx, which counts
# git's own re-split words.
_git_secissue() {
    local -i index=1
    while [[ index -lt COMP_CWORD && "${COMP_WORDS[index]}" != secissue ]]; do index+=1; done
    local -a shifted=(git-secissue "${COMP_WORDS[@]:index+1}")
    local -i cword=$((COMP_CWORD - index))
    local rest="${COMP_LINE#*secissue}"
    local -i point=$((COMP_POINT - ${#COMP_LINE} + ${#rest} + 12))
    local COMP_LINE="git-secissue${rest}" COMP_POINT="${point}" COMP_CWORD="${cword}"
    local -a COMP_WORDS=("${shifted[@]}")
    _git-secissue git-secissue "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
