#!/bin/sh
# Nightly backup of the Chasqui server database (custom-format pg_dump), keeping 30 days.
# Run as the postgres user, e.g. from /etc/cron.d/chasqui-backup:
#   30 2 * * * postgres /opt/chasqui/bin/chasqui-backup.sh
# Restore procedure (and why `chasqui-server epoch renew` follows it): docs/deploy/servidor.md
set -eu
DB="${CHASQUI_BACKUP_DB:-chasqui}"
DIR="${CHASQUI_BACKUP_DIR:-/var/backups/chasqui}"
KEEP_DAYS="${CHASQUI_BACKUP_KEEP_DAYS:-30}"
umask 077
mkdir -p "$DIR"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
TMP="$DIR/.chasqui-$STAMP.dump.part"
pg_dump --format=custom --compress=6 --no-owner --file="$TMP" "$DB"
pg_restore --list "$TMP" >/dev/null        # the archive is readable
mv "$TMP" "$DIR/chasqui-$STAMP.dump"
find "$DIR" -name 'chasqui-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "backup written: $DIR/chasqui-$STAMP.dump"
