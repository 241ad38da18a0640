#!/bin/sh
# A line protocol with a flawed token check: only the first character is compared.
read -r command argument
case "$command" in
  PING) echo PONG ;;
  FLAG)
    token=${TOKEN:-s3cret}
    if [ "$(printf %.1s "$argument")" = "$(printf %.1s "$token")" ]; then
      echo "${FLAG:-flag{nc-flag-placeholder}}"
    else
      echo "wrong token"
    fi
    ;;
  *) echo "commands: PING, FLAG <token>" ;;
esac
