"""Signing up with an email address: the same answer whether or not the address has an
account, and accounts made only by whoever can read the address's mail.

With mail configured, a sign-up sends a link: to finish the sign-up (the owner of the address
chooses the password), or, for an address that has an account, to log in or reset its
password. Without mail, a teacher's sign-up creates the account at once, and the page after it
reads the same for a new address and a taken one.
"""

from __future__ import annotations

from quiz.accounts import operations, tokens
from quiz.accounts.models import Role, User
from quiz.mail import send_mail
from quiz.web.addresses import public_url

FINISH_SUBJECT = "Finish your SourceSense sign-up"
TAKEN_SUBJECT = "You already have a SourceSense account"
RESET_SUBJECT = "Choose a new SourceSense password"
EXPIRED = "This link has expired or was used already. Ask for a new one."


def request_signup(name: str, email: str, role: Role) -> None:
    """Email the address a link that finishes the sign-up, or, if it has an account, one that
    helps its owner in."""
    existing = operations.find_by_login(email)
    if existing is not None:
        send_reset_link(existing, subject=TAKEN_SUBJECT, taken=True)
        return
    pending = tokens.PendingSignup(operations.normalise_email(email), name.strip(), role)
    link = public_url("accounts.finish_signup", token=tokens.signup_token(pending))
    send_mail(
        pending.email,
        FINISH_SUBJECT,
        f"Hello {pending.name},\n\nSomeone (we hope you) signed up for SourceSense with this "
        f"address. To choose your password and finish, open this link within three days:\n\n"
        f"{link}\n\nIf it was not you, ignore this message: no account is made without it.\n",
    )


def send_reset_link(user: User, *, subject: str = RESET_SUBJECT, taken: bool = False) -> None:
    """Email the account's owner a single-use link that sets a new password (valid an hour)."""
    link = public_url("accounts.reset_password", token=tokens.reset_token(user))
    opening = (
        "Someone (we hope you) tried to sign up with this address, which already has a "
        "SourceSense account. Log in as usual, or"
        if taken
        else "Someone (we hope you) asked to reset the password of your SourceSense account. To"
    )
    send_mail(
        user.email,
        subject,
        f"Hello {user.name},\n\n{opening} choose a new password within an hour here:\n\n"
        f"{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n",
    )


def finish_signup(token: str, password: str) -> User | None:
    """Create the account a sign-up link names, with the password its owner chose; None when
    the link is invalid or expired. Raises EmailTaken if the account was made meanwhile."""
    pending = tokens.pending_signup(token)
    if pending is None:
        return None
    return operations.create_user(pending.name, pending.email, password, pending.role)
