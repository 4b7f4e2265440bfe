# Shared by the PostgreSQL peers (sourced, not run): reach the local
# server as the postgres superuser and start the Debian cluster if it is
# down. The server runs outside the measured process tree.

pg_version=${PG_VERSION:-15}
pg_cluster=${PG_CLUSTER:-main}

# as_pg runs a command as the postgres user (peer authentication on the
# local socket) unless we are that user already.
as_pg() {
	if [ "$(id -un)" = postgres ]; then
		"$@"
	elif command -v runuser >/dev/null 2>&1; then
		runuser -u postgres -- "$@"
	else
		su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
	fi
}

# pg_sql DB ARGS... runs psql quietly, stopping at the first error.
pg_sql() {
	local db=$1
	shift
	as_pg psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

pg_ensure_server() {
	if ! pg_lsclusters -h "$pg_version" "$pg_cluster" 2>/dev/null | grep -q online; then
		pg_ctlcluster "$pg_version" "$pg_cluster" start
	fi
	local i
	for i in $(seq 1 30); do
		if as_pg pg_isready -q; then
			return 0
		fi
		sleep 1
	done
	echo "PostgreSQL $pg_version/$pg_cluster did not become ready" >&2
	return 1
}

# pg_report_backend_peak is psql text to append to a script's session: it
# prints the session's server process peak resident memory (VmHWM, shared
# buffers it touched included) to standard error as
#   server_peak_kb: N
# which the benchmark counts in the peer's peak memory, since the server
# is not in the script's process tree.
pg_report_backend_peak='SELECT pg_backend_pid() AS kukarcli_backend_pid \gset
\setenv KUKARCLI_BACKEND_PID :kukarcli_backend_pid
\! awk '"'"'/^VmHWM:/ {print "server_peak_kb: " $2}'"'"' /proc/$KUKARCLI_BACKEND_PID/status >&2'
