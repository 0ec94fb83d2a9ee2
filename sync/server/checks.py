"""The server's checks of one pushed change against the entity specification.

Owns the rules a change must pass before the server stores it, all read from
``sync.spec`` (the same specification the client store writes with): the entity and
its fields are known; every value has its field's kind, size, format and allowed value
(``sync.spec.check_fields``) and the whole change stays under ``MAX_CHANGE_CHARS``; the
record, its office field, its scoping parents and every id it references belong to the
sending device's office; a record past its immutability point (a signed note) never
changes. Before those, ``check_sender``: the change names the sending device
(``wrong_device``) and its HLC names that device as its node (``wrong_node``) and is no
further ahead than the server's clock plus ``sync.hlc.MAX_SKEW_MS`` (``clock_ahead``).
``check_author``: the change's ``user_id`` is a user of the device's office (a ``user``
record of that office, registered by the administrator or pushed by one of its devices,
or the user record the change itself creates — ``unknown_user``), and no device creates
or elevates a user to ``admin`` (``forbidden_role``: administrators are registered on the
server with ``chasqui-server user add``).
A failed check raises ``Rejection(code, reason)``; the caller quarantines the
change and goes on with the rest of the batch. Form answers are checked by the caller
(``push.PushProcessor``) with the forms engine, on the fields ``Entity.form`` names.
Dates and date-times must fall within ``sync.spec.kinds.YEARS`` (1900–2100), the spec's
rule every device applies too: a far-future stamp is quarantined as ``invalid_field``,
the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from sync import hlc, spec
from sync.changes import Change
from sync.merge import RecordState
from sync.protocol import ErrorCode
from sync.spec.vocab import SERVER_ONLY_ROLE

# (merge state, office id) of a stored record, or None
Found = tuple[RecordState, str] | None
Loader = Callable[[str, str], Found]


class Rejection(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def check_sender(device_id: str, change: Change, wall_ms: int) -> None:
    """The change comes from ``device_id``, is stamped by it and not from the future."""
    if change.device_id != device_id:
        raise Rejection(ErrorCode.WRONG_DEVICE, "change.device_id is not the device that sends it")
    stamp = hlc.Timestamp.parse(change.hlc)  # the pattern was checked by Change
    if stamp.node != device_id:
        raise Rejection(
            ErrorCode.WRONG_NODE, "the change's hlc names another node than the sending device"
        )
    if hlc.too_far_ahead(stamp, wall_ms):
        raise Rejection(
            ErrorCode.CLOCK_AHEAD,
            f"the change's hlc is more than {hlc.MAX_SKEW_MS // 3_600_000} hours"
            " ahead of the server's clock",
        )


def check_author(office_id: str, change: Change, load: Loader) -> None:
    """The author is a user of ``office_id``; no device makes a user an administrator."""
    if change.entity == "user" and change.fields.get("role") == SERVER_ONLY_ROLE:
        raise Rejection(
            ErrorCode.FORBIDDEN_ROLE,
            "a device cannot make a user an administrator; the server's administrator does",
        )
    author = change.user_id
    if author is None:
        raise Rejection(ErrorCode.UNKNOWN_USER, "the change names no author (user_id)")
    if change.entity == "user" and change.entity_id == author:
        return  # the user record that creates its own author (checked for scope as a record)
    found = load("user", author)
    if found is None or found[1] != office_id:
        raise Rejection(
            ErrorCode.UNKNOWN_USER, "the change's user_id is not a user of this device's office"
        )


def check_entity_and_fields(change: Change) -> spec.Entity:
    """The change's entity, after checking every field value against the specification."""
    ent = spec.entity(change.entity)
    if ent is None:
        raise Rejection(ErrorCode.UNKNOWN_ENTITY, f"unknown entity {change.entity[:64]!r}")
    unknown = sorted(n for n in change.fields if ent.field(n) is None)
    if unknown:
        names = ", ".join(repr(n[:64]) for n in unknown[:5])
        raise Rejection(ErrorCode.UNKNOWN_FIELD, f"unknown fields for {ent.name}: {names}")
    _values, problems = spec.check_fields(ent, change.fields)
    if not problems and change.extra:  # room for later versions: bounded like any value
        problems = [
            spec.Problem("extra", p.code, p.message)
            for p in spec.check_unknown_fields(change.extra)
        ]
    if problems:
        reason = "; ".join(str(p) for p in problems[:5])
        raise Rejection(ErrorCode.INVALID_FIELD, f"{ent.name}: {reason}")
    return ent


_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {}


def references(ent: spec.Entity) -> tuple[tuple[str, str], ...]:
    """(field, referenced entity) of each field of ``ent`` that points to another record of
    its office (the office field itself excluded); computed once per entity."""
    found = _REFERENCES.get(ent.name)
    if found is None:
        found = tuple((f.name, f.ref) for f in ent.fields if f.ref not in (None, "office"))
        _REFERENCES[ent.name] = found
    return found


def check_scope(
    ent: spec.Entity, office_id: str, change: Change, found: Found, load: Loader
) -> None:
    """The record and everything it points to belong to ``office_id``."""
    if found is not None and found[1] != office_id:
        raise Rejection(
            ErrorCode.FORBIDDEN_SCOPE, "the record belongs to another office than this device's"
        )
    if not ent.scope and change.entity_id != office_id:  # the office record itself
        raise Rejection(
            ErrorCode.FORBIDDEN_SCOPE, "the record belongs to another office than this device's"
        )
    if "office_id" in change.fields and change.fields["office_id"] != office_id:
        raise Rejection(ErrorCode.FORBIDDEN_SCOPE, "office_id must be this device's office")
    for name, ref in references(ent):
        target = change.fields.get(name)
        if not isinstance(target, str):
            continue
        referenced = load(ref, target)
        if referenced is not None and referenced[1] != office_id:
            raise Rejection(
                ErrorCode.FORBIDDEN_SCOPE, f"{name} points to a {ref} of another office"
            )


def check_immutable(ent: spec.Entity, change: Change, previous: RecordState | None) -> None:
    """A record whose ``immutable_when`` field is set accepts no change and no delete."""
    marker = ent.immutable_when
    if previous is None or previous.deleted or not ent.is_frozen(previous.values):
        return
    what = ent.label["en"].lower()
    if change.op == "delete":
        raise Rejection(ErrorCode.IMMUTABLE, f"a {what} with {marker} set cannot be deleted")
    if any(previous.values.get(k) != v for k, v in change.fields.items()):
        raise Rejection(
            ErrorCode.IMMUTABLE,
            f"a {what} with {marker} set cannot be modified; write a new one that supersedes it",
        )
