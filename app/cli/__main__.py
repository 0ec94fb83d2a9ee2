"""``python -m app.cli``: the headless command line."""

from app.cli import main

raise SystemExit(main())
