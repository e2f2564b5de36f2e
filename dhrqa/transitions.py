"""Checking a state change against an app's table of allowed moves."""


class IllegalTransition(Exception):
    """The object cannot move from its current state to the one asked for.

    The message is written for the person who asked, and views show it.
    Each refusal a person can meet has its own subclass, named for what
    was refused, so that tests and views can tell them apart.
    """


def check_transition(table, current, target, message, error=IllegalTransition):
    """Raise `error(message)` unless `table[current]` allows `target`."""
    if target not in table.get(current, set()):
        raise error(message)


def check_move(table, current, move, message, error=IllegalTransition):
    """The state `move` leads to from `current` in `table` ({state: {move: next state}}), or raise `error`.

    For state machines where some moves keep the state (revising a pending
    verdict, saving a draft again): each is named, so none is allowed by accident.
    """
    try:
        return table[current][move]
    except KeyError:
        raise error(message) from None
