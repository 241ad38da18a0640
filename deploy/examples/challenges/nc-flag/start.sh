#!/bin/sh
# busybox nc as a persistent server (-ll), one service.sh per connection; ends on SIGTERM.
nc -ll -p 31337 -e /bin/sh /app/service.sh &
trap 'kill "$!"; exit 0' TERM INT
wait
