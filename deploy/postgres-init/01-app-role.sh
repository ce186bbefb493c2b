#!/bin/sh
# Run once by the postgres image, when it creates its data volume (docker-compose.yml mounts this
# folder on /docker-entrypoint-initdb.d): the API's role, which is not a superuser, made owner of
# the database and of its public schema, so that the API's migrations create and own every table.
# Needs POSTGRES_USER and POSTGRES_DB (the image's), APP_DB_USER and APP_DB_PASSWORD; psql
# connects as the image's init scripts do (the PG* variables, when set, say where).
set -e
if [ -z "$APP_DB_USER" ] || [ -z "$APP_DB_PASSWORD" ]; then
  echo "01-app-role.sh: set APP_DB_USER and APP_DB_PASSWORD (docker-compose.yml takes APP_DB_PASSWORD from .env)" >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set app_user="$APP_DB_USER" --set app_password="$APP_DB_PASSWORD" --set app_db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER DATABASE :"app_db" OWNER TO :"app_user";
ALTER SCHEMA public OWNER TO :"app_user";
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
SQL
