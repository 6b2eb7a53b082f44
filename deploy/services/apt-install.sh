#!/bin/sh
# Used by the Dockerfile beside it: apt-get install the packages named as
# arguments and leave no package lists or downloaded packages in the layer.
# The CA bundle mounted as the build secret ca_bundle (when there is one) is
# what apt trusts for an https mirror behind a TLS-inspecting proxy.
set -eu
options=""
if [ -s /run/secrets/ca_bundle ]; then
  options="-o Acquire::https::CAInfo=/run/secrets/ca_bundle"
fi
# shellcheck disable=SC2086 # options is empty or two words on purpose
apt-get $options -q update
# shellcheck disable=SC2086
apt-get $options -q -y install "$@"
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log
