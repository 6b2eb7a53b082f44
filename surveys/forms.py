"""The survey page reuses the portal's rating form: one question, one wording."""

from tickets.forms import RatingForm

__all__ = ["RatingForm"]
