class FoiError(Exception):
    """A user's mistake or a bad input: the message is one sentence, shown without a traceback."""
