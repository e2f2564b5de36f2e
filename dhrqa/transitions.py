"""Checking a state change against an app's table of allowed moves."""


class IllegalTransition(Exception):
    """The object cannot move from its current state to the one asked for.

    The message is written for the person who asked, and views show it.
    """


def check_transition(table, current, target, message):
    if target not in table.get(current, set()):
        raise IllegalTransition(message)
