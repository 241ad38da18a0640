#!/bin/sh
# Gitea waiting in its web installer on port 3000, data under /data, run as the user git (Gitea
# refuses root), like the official Gogs image's s6 start.
set -eu
mkdir -p /data/gitea/custom/conf
if [ ! -f /data/gitea/custom/conf/app.ini ]; then
  cat >/data/gitea/custom/conf/app.ini <<INI
APP_NAME = Katana git
RUN_USER = git
WORK_PATH = /data/gitea
[server]
HTTP_ADDR = 0.0.0.0
HTTP_PORT = 3000
ROOT_URL = http://gogs:3000/
DISABLE_SSH = true
STATIC_ROOT_PATH = /opt/gitea
[security]
INSTALL_LOCK = false
[webhook]
ALLOWED_HOST_LIST = *
[log]
MODE = console
LEVEL = warn
INI
fi
chown -R git:git /data/gitea
exec setpriv --reuid=git --regid=git --init-groups env HOME=/data/gitea USER=git GITEA_WORK_DIR=/data/gitea \
  GITEA_CUSTOM=/data/gitea/custom /usr/local/bin/gitea web --config /data/gitea/custom/conf/app.ini
