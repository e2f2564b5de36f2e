"""Multi-factor sign-in: a code from an authenticator app (TOTP), or a one-time recovery code, after the password.

policy.py says who must give one; services.py sets up, checks, replaces and resets; middleware.py sends a
person who owes a code to the page that asks for it. django-otp keeps the devices and marks the session.
"""
