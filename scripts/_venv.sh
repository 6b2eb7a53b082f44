# Sourced by scripts/run and scripts/test: make .venv and install what the
# project pins, reinstalling only when a requirements file changed.
# Usage: source scripts/_venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail

requirements_file="$1"
python_bin="${PYTHON:-python3}"
if ! "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$python_bin" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$python_bin" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$requirements_file" | sha256sum | cut -c1-16)-$(basename "$requirements_file")"
if [ ! -f "$stamp" ]; then
  echo "==> installing $requirements_file"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements_file"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
