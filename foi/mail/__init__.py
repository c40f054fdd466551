"""Email: sending requests, chasing them and asking for reviews; importing the forces' replies.

Each module imports only those before it in this order, never the package itself:

- settings: the requester, the SMTP server, each force's FOI address
- dates: dates as written in a message's text
- composing: the request as an RFC 5322 message, with its per-case subject token
- delivering: writing .eml files and sending over SMTP
- sending: `send_request`, recording each `sent` once its message has gone
- chasing: `chase` (reminders for overdue cases) and `request_review`
- reading: mailboxes, a message's text, the message forwarded inside it, its attachments
- classifying: the event a reply shows, and the force's reference in it
- importing: `import_mail`, matching each reply to a case and recording what it shows

This package exports what the CLI and other packages call.
"""
from .chasing import ChaseReport, DraftReminder, Reminder, ReviewReport, SentReminder, chase, request_review
from .composing import case_token
from .delivering import Failure
from .importing import ImportedMessage, ImportReport, import_mail
from .sending import Addressee, ComposedRequest, SendReport, send_request
from .settings import Progress, force_addresses, requester_settings

__all__ = [
    "Addressee", "ChaseReport", "ComposedRequest", "DraftReminder", "Failure", "ImportReport", "ImportedMessage",
    "Progress", "Reminder", "ReviewReport", "SendReport", "SentReminder", "case_token", "chase", "force_addresses",
    "import_mail", "request_review", "requester_settings", "send_request",
]
