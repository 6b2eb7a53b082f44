#!/bin/sh
# The local Redis image's entrypoint (deploy/services/Dockerfile): the
# command is redis-server with its arguments, as with the redis image
# (compose.yaml passes `redis-server --save "" --appendonly no`); any other
# command (redis-cli ...) runs as given.
# Like the redis image, a redis-server started without a config file answers
# the other containers: protected mode (loopback only while no password is
# set) is switched off unless the arguments set it. Publish no Redis port
# beyond the compose network.
set -eu
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
  config_file=no
  if [ "$#" -ge 2 ] && [ "${2#-}" = "$2" ]; then
    config_file=yes
  fi
  case " $* " in
    *" --protected-mode "*) ;;
    *) if [ "$config_file" = no ]; then set -- "$@" --protected-mode no; fi ;;
  esac
fi
exec "$@"
