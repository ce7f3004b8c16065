"""`python -m studio` is the same as the `studio` command."""

from studio.cli.main import main

raise SystemExit(main())
