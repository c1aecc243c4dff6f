"""Form rendering for the whole site."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer with one change: a checkbox comes before its label, so the
    label reads as the statement being ticked (consents, confirmations)."""

    field_template_name = "components/field.html"
