#!/usr/bin/env bash
# Runs the commands of docs/deploy.md once against local services and checks the result:
# PostgreSQL (127.0.0.1:5432, user postgres), Redis (127.0.0.1:6379) and, when installed,
# nginx (on 127.0.0.1:8080). Uses a throwaway database and folders; leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make venv
WORK=$(mktemp -d /tmp/cart-deploy.XXXXXX)
chmod 755 "$WORK"  # nginx workers read the static files from here
DB=cartjourney_walkthrough
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && nginx -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS ${DB}_restored" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT || true
say() { printf '\n== %s\n' "$*"; }

say "2. Database"
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB"
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"

say "3. Environment"
cat > "$WORK/cart-journey.env" <<ENV
DJANGO_SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(60))")
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
CACHE_URL=redis://127.0.0.1:6379/1
DJANGO_STATIC_ROOT=$WORK/staticfiles
DJANGO_PROXY_COUNT=1
DJANGO_SECURE_SSL_REDIRECT=false
ENV
set -a; . "$WORK/cart-journey.env"; set +a
unset DJANGO_DEBUG

say "4. Every deploy"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_seeds --dry-run | tail -n 1
.venv/bin/python manage.py load_seeds
.venv/bin/python manage.py collectstatic --no-input -v0
# The seeds' example center must be replaced before going live: check --deploy says so.
{ .venv/bin/python manage.py check --deploy 2>&1 || true; } | grep -q "journeys.E001"
.venv/bin/python manage.py shell -c "
from journeys.models import CareCenter
CareCenter.objects.filter(pk=1).update(name='Walkthrough Cancer Center', phone_day='(614) 293-8000',
    phone_after_hours='(614) 293-8001', address='1 Main Street')"
# No TLS on this machine, so the SSL redirect is off here; check --deploy says so (W008).
.venv/bin/python manage.py check --deploy 2>&1 | tail -n 3
.venv/bin/python manage.py load_seeds | grep -c "Nothing to change" >/dev/null

say "5. Two app processes on one database and one cache"
.venv/bin/gunicorn carteducation.wsgi -w 2 -b 127.0.0.1:8001 --log-level warning & PIDS+=($!)
.venv/bin/gunicorn carteducation.wsgi -w 2 -b 127.0.0.1:8002 --log-level warning & PIDS+=($!)
for port in 8001 8002; do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
for port in 8001 8002; do curl -fs "http://127.0.0.1:$port/journey/infusion/" | grep -c "Infusion day" >/dev/null; done
.venv/bin/python manage.py shell -c "
from journeys.models import Step
step = Step.objects.get(stage__slug='infusion', key='arrive')
step.title = 'Arrive early (walkthrough edit)'
step.save()"
for port in 8001 8002; do
  curl -fs "http://127.0.0.1:$port/journey/infusion/" | grep -c "Arrive early (walkthrough edit)" >/dev/null
  echo "process on :$port serves the edit at once"
done

if command -v nginx >/dev/null; then
  say "6. Reverse proxy"
  mkdir -p "$WORK/logs"
  cat > "$WORK/nginx.conf" <<NGINX
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  upstream cart_journey { server 127.0.0.1:8001; server 127.0.0.1:8002; }
  server {
    listen 127.0.0.1:8080;
    client_max_body_size 3m;
    gzip on; gzip_types text/plain text/calendar;
    location /static/ { alias $WORK/staticfiles/; expires max; add_header Cache-Control "public, max-age=31536000, immutable"; }
    location / {
      proxy_pass http://cart_journey;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX
  nginx -p "$WORK" -c "$WORK/nginx.conf"
  curl -fsI http://127.0.0.1:8080/ | grep -i "content-security-policy" >/dev/null
  css=$(curl -fs http://127.0.0.1:8080/ | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -n1)
  curl -fsI "http://127.0.0.1:8080$css" | grep -i "cache-control: public, max-age=31536000, immutable"
  curl -fs -H "Accept-Encoding: gzip" -I http://127.0.0.1:8080/urgent/ | grep -i "content-encoding: gzip"
fi

say "7. Scheduled jobs"
.venv/bin/python manage.py purge_journeys
.venv/bin/python manage.py clearsessions
redis-cli CONFIG SET maxmemory 256mb >/dev/null && redis-cli CONFIG SET maxmemory-policy allkeys-lru >/dev/null
redis-cli CONFIG GET maxmemory-policy | grep -q allkeys-lru
.venv/bin/python manage.py content_report | tail -n 1

say "8. Back up and restore"
mkdir -p "$WORK/backups"
.venv/bin/python manage.py export_seeds --dir "$WORK/backups/seeds-$(date +%F)" | tail -n 1
pg_dump -h 127.0.0.1 -U postgres -Fc "$DB" > "$WORK/backups/cartjourney-$(date +%F).dump"
createdb -h 127.0.0.1 -U postgres "${DB}_restored"
pg_restore -h 127.0.0.1 -U postgres -d "${DB}_restored" --no-owner "$WORK/backups/cartjourney-$(date +%F).dump"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}_restored" \
  .venv/bin/python manage.py load_seeds --dir "$WORK/backups/seeds-$(date +%F)" | tail -n 1
say "deploy walkthrough passed"
