"""Alembic environment for the server database (run programmatically by ``db.migrate``).

The caller passes an open SQLAlchemy connection in ``config.attributes["connection"]``;
there is no alembic.ini and no URL in a file (a PostgreSQL URL may carry a password).
"""

from __future__ import annotations

from alembic import context

from sync.server.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through the alembic CLI
    raise RuntimeError("run migrations with `chasqui-server migrate --db URL`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
