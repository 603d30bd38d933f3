"""Accounts: teachers' and learners' sign-up, log-in and log-out, and deleting an account."""
