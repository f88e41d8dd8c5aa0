#!/usr/bin/env bash
# Re-records NAME.tableau from NAME.sql (values and streaming by default): runs it through
# the real Flink SQL Client against the SQL Gateway at $FLINK_GATEWAY_URL and keeps only
# the result tables it prints (its prompts, statement echo, [INFO] lines, footers and
# timings dropped).
#   FLINK_GATEWAY_URL=http://127.0.0.1:PORT tests/data/flink/record.sh [NAME...]
# Needs the fixture in ../shared/flink-gateway (relative to the repository) and Java.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
client=${FLINK_SQL_CLIENT:-$here/../../../../shared/flink-gateway/sql-client}
: "${FLINK_GATEWAY_URL:?set FLINK_GATEWAY_URL to the SQL Gateway (see shared/flink-gateway/README.md)}"
[ $# -gt 0 ] || set -- values streaming
for name in "$@"; do
"$client" "$FLINK_GATEWAY_URL" -f "$here/$name.sql" 2>/dev/null | python3 -c '
import re, sys
out, in_table = [], False
for line in sys.stdin.read().split("\n"):
    if "[ERROR]" in line:
        sys.exit("the SQL Client reported an error: " + line)
    # The frame starts on the line that echoes the statement.
    m = re.search(r"\+(-+\+)+$", line)
    if m and not in_table:
        out.append(m.group(0)); in_table = True
    elif in_table and line.startswith(("|", "+")):
        out.append(line)
    else:
        in_table = False
print("\n".join(out))
' > "$here/$name.tableau"
echo "wrote $here/$name.tableau ($(grep -c "^+" "$here/$name.tableau") border lines)" >&2
done
