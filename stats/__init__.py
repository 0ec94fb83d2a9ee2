"""Pure statistics over plain rows, shared by the desktop client (``app``) and the central
server (``sync.server``): both compute the same figures with the same code.

Imports only the standard library and ``forms`` (the working-day calendar); never ``app``
or ``sync`` (a test enforces it), so either side can import it.
"""
