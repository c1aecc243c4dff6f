"""Forms of the public pages of certificates: the verification form."""

from django import forms
from django.utils.translation import gettext_lazy as _

# One answer for a number that cannot be one and for a number nobody holds: the page
# must not tell a guesser which of the two they typed.
MSG_NOT_FOUND = _(
    "No certificate with this number was found. Check the number and try again."
)


class VerifyForm(forms.Form):
    """The number typed in from a certificate (any case, with or without dashes)."""

    code = forms.CharField(
        label=_("Certificate number"),
        max_length=64,
        help_text=_(
            "20 letters and digits, printed on the certificate, for example "
            "7KQ2-M9XD-4HBT-R6WC-Z3NP."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
