class FoiError(Exception):
    """A user's mistake or a bad input: the message is one sentence, shown without a traceback.

    The base of foi's own errors: a document that cannot be read (foi.documents.errors.DocumentError)
    is one too, so one `except FoiError` catches what the command line shows as a one-line message."""
