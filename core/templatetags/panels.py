"""`{% lms_panels "my_learning" %}` (library `panels`): the sections other apps add to
a page.

An app to the right of the page's app (certificates on My learning, for instance)
registers a Wagtail hook named "lms_<name>_panels": a function taking the request and
the person the page is about (`subject`: the signed-in user on their own pages, the
learner on an admin's learner page) and returning HTML (or ""). Other keyword
arguments of the tag are handed to the hooks as they are: `{% lms_panels
"course_completed" course=page enrolment=enrolment %}`. The page's app stays unaware
of who contributes. The `lms_` prefix keeps the platform's hooks apart from Wagtail's
own in the one namespace of hook names."""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def lms_panels(context, name: str, subject=None, **kwargs) -> str:
    request = context.get("request")
    if request is None:
        return ""
    subject = subject or request.user
    parts = [
        hook(request, subject=subject, **kwargs)
        for hook in hooks.get_hooks(f"lms_{name}_panels")
    ]
    # The hooks render templates (escaped already); their HTML is ours, not a user's
    # (reviewed for bandit's B308/B703).
    return mark_safe("\n".join(str(part) for part in parts if part))  # nosec
