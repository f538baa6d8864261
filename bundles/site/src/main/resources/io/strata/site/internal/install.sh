#!/bin/sh
# Applies this Strata config bundle, made by edge:config-bundles, onto a Strata installation:
#   ./install.sh <strata-home>
# It copies etc/certs/ into <strata-home>/etc/certs/ and sets the keys of each etc/*.cfg here in the
# installation's file of the same name, keeping its other keys and comments. Every file it writes is
# readable by its owner only. A running node applies the settings without a restart.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 <strata-home>" >&2
    exit 2
fi
home=$1
if [ ! -d "$home/etc" ] || [ ! -x "$home/bin/karaf" ]; then
    echo "$home is no Strata installation: it has no etc/ folder and bin/karaf" >&2
    exit 1
fi
bundle=$(cd "$(dirname "$0")" && pwd)
umask 077

mkdir -p "$home/etc/certs"
chmod 700 "$home/etc/certs"
for file in "$bundle"/etc/certs/*; do
    cp "$file" "$home/etc/certs/"
    chmod 600 "$home/etc/certs/$(basename "$file")"
done

# Certificates first: the node reads etc/io.strata.certs.cfg as soon as it changes.
for settings in "$bundle"/etc/*.cfg; do
    target="$home/etc/$(basename "$settings")"
    [ -f "$target" ] || : > "$target"
    merged=$(mktemp "$target.XXXXXX")
    # A key of the bundle replaces its line in the target, else its commented-out example, else it is added
    # at the end. The target is read twice: first to see which keys it sets.
    awk '
        FNR == 1 { file++ }
        file == 1 {
            if ($0 ~ /^[.A-Za-z][A-Za-z0-9_.-]*[ \t]*=/) {
                key = $0; sub(/[ \t]*=.*$/, "", key)
                line[key] = $0; order[++count] = key
                # a key as a pattern: its full stops (.upstreamSharedAccessKey) stand for themselves
                pattern[key] = key; gsub(/[.]/, "[.]", pattern[key])
            }
            next
        }
        file == 2 {
            for (key in line) if ($0 ~ ("^[ \t]*" pattern[key] "[ \t]*=")) active[key] = 1
            next
        }
        {
            for (key in line) {
                if (!(key in written) && $0 ~ ("^[ \t]*" ((key in active) ? "" : "#?[ \t]*") pattern[key] "[ \t]*=")) {
                    print line[key]; written[key] = 1; next
                }
            }
            print
        }
        END {
            for (i = 1; i <= count; i++) if (!(order[i] in written)) print line[order[i]]
        }
    ' "$settings" "$target" "$target" > "$merged"
    chmod 600 "$merged"
    mv "$merged" "$target"
    echo "Set $(grep -c '^[A-Za-z]' "$settings") keys in $target"
done
echo "Installed $(basename "$bundle") into $home"
