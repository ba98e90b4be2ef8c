# The project's virtualenv, shared by bin/run and bin/test (sourced; not a command).
#
# bootstrap_venv creates .venv with Python 3.11 when it is missing (PYTHON=/path/to/python3.11
# chooses the interpreter) and reinstalls requirements.txt only when its sha256 differs from
# the one recorded at the last install (.venv/.requirements.sha256). Call it from the root.

find_python() {
    # PYTHON when given (it must be 3.11), else the first python3.11 or python3 that is 3.11.
    local candidate candidates=(python3.11 python3)
    [[ -n "${PYTHON:-}" ]] && candidates=("$PYTHON")
    for candidate in "${candidates[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    if [[ -n "${PYTHON:-}" ]]; then
        echo "PYTHON=$PYTHON is not a Python 3.11 interpreter" >&2
    else
        echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
    fi
    return 2
}

bootstrap_venv() {
    local want have=""
    want="$(sha256sum requirements.txt | cut -d' ' -f1)"
    [[ -f .venv/.requirements.sha256 ]] && have="$(cat .venv/.requirements.sha256)"
    [[ -x .venv/bin/python && "$want" == "$have" ]] && return 0
    # Two runs started together must not both create the venv or pip install into it; the
    # lock is held on requirements.txt itself (open for reading), so it needs no file of its own.
    exec 9<requirements.txt
    command -v flock >/dev/null 2>&1 && flock 9
    if [[ ! -x .venv/bin/python ]]; then
        local python
        python="$(find_python)" || exit 2
        echo "Creating .venv with $("$python" --version)…" >&2
        "$python" -m venv .venv
    fi
    have="$(cat .venv/.requirements.sha256 2>/dev/null || true)"
    if [[ "$want" != "$have" ]]; then
        echo "Installing requirements.txt into .venv…" >&2
        .venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
        echo "$want" > .venv/.requirements.sha256
    fi
    exec 9<&-
}
