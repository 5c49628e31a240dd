"""``python -m diagnostic``: the command line."""

from diagnostic import parallel

parallel.start()  # before the imports below: the second process gets ready while this one imports

from diagnostic.cli import main  # noqa: E402

raise SystemExit(main())
