"""Sending mail (address confirmations, password resets) through the SMTP server configured in
``MAIL_SERVER``; with none configured, nothing is sent and the pages say so."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

TIMEOUT_SECONDS = 10


def mail_configured() -> bool:
    """Whether this installation can send mail."""
    return bool(current_app.config["MAIL_SERVER"])


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False (and a log line) when the server cannot be reached.

    Callers never tell the visitor whether a message went out: what happened to an address
    must not leak through the page.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=TIMEOUT_SECONDS
        ) as smtp:
            if config["MAIL_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to the SMTP server")
        return False
    return True
