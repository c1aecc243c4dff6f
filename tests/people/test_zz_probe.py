import datetime
import pytest
from django.utils import timezone
from people.models import User
from tests.factories.people import region

pytestmark = pytest.mark.django_db


def data(**kw):
    d = {
        "email": "Aigerim@Example.kz",
        "full_name": "Айгерим Сапарова",
        "password1": "Steppe-wind-2026",
        "password2": "Steppe-wind-2026",
        "region": region("KZ-75").pk,
        "organization_kind": "volunteer_ngo",
        "date_of_birth": "1999-05-01",
        "preferred_language": "kk",
        "consent": "on",
    }
    d.update(kw)
    return d


def test_probe(client):
    r = client.post("/ru/accounts/signup/", data())
    print(r.status_code, r.get("Location"))
    u = User.objects.get()
    print(u.email, u.full_name, u.region, u.date_of_birth, u.consents.all())
    client.logout()
    r = client.post("/ru/accounts/signup/", data(email="aigerim@example.KZ"))
    print(r.status_code, r.context and r.context["form"].errors)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    r = client.post("/ru/accounts/signup/", data(email="x@example.kz", date_of_birth=future))
    print(r.status_code, r.context and r.context["form"].errors)
