"""``python -m diagnostic``: the command line."""

from diagnostic.cli import main

raise SystemExit(main())
