#!/usr/bin/env python3
"""Lists the functions of src/ longer than a limit (default 60 lines, from
the `fn` line to its closing brace at the same indentation) and fails when
there is one: the rule of ARCHITECTURE.md, kept by CI."""
import pathlib
import re
import sys

LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 60
FN = re.compile(r"^(\s*)(pub(\([a-z]+\))? )?(const )?(async )?(unsafe )?fn (\w+)")

long = []
for path in sorted(pathlib.Path("src").rglob("*.rs")):
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        m = FN.match(line)
        if not m or line.rstrip().endswith(";"):
            continue
        close = m.group(1) + "}"
        j = i
        while j < len(lines) and lines[j].rstrip() != close:
            j += 1
        if j - i + 1 > LIMIT:
            long.append(f"{path}:{i + 1} {m.group(7)}: {j - i + 1} lines")
for entry in long:
    print(entry)
print(f"{len(long)} functions over {LIMIT} lines")
sys.exit(1 if long else 0)
