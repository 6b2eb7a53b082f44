#!/bin/sh
# The image's entrypoint: `web`, `worker`, `beat` or `release` (migrations) run
# that line of the Procfile, so the container, honcho and any Procfile-based
# platform start the same commands; extra arguments are appended to it.
# Anything else runs as given, e.g. `python manage.py createsuperuser`.
set -eu
process="${1:-web}"
case "$process" in
  web|worker|beat|release)
    shift
    command=$(sed -n "s/^${process}:[[:space:]]*//p" /app/Procfile)
    # The inner shell expands the ${VAR:-default} parts of the Procfile line.
    exec sh -c "exec $command \"\$@\"" "$process" "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
