"""`python -m harvester.fetch ...` = `harvester fetch ...`: the fetch stage alone.

Kept as a module entry point for the benchmark and the kill-and-resume test.
"""

import sys

from harvester.cli import main

raise SystemExit(main(["fetch", *sys.argv[1:]]))
