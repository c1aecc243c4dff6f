"""The import in the Wagtail admin: upload, preview with every error, confirm once."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from assessments.forms import importing as forms
from assessments.models import Question
from assessments.services import bank
from tests.courses.helpers import messages_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "assessments_import:index"


def imported(count: int) -> str:
    return ngettext(
        "%(count)s question imported.", "%(count)s questions imported.", count
    ) % {"count": count}


CONFIRM = "assessments_import:confirm"

GIFT = """// Банк вопросов
$CATEGORY: $course$/Права

::Q1:: Кто может стать волонтёром? {=Любой желающий#Верно. ~Только студенты}

Волонтёрская книжка обязательна. {F}

Сәйкестендіріңіз: {=1 -> бір =2 -> екі =3 -> үш}
"""

BAD_CSV = (
    "type,question,explanation,points,partial,answers\n"
    "single,Хороший вопрос,,,,*Да|Нет\n"
    "essay,Неизвестный тип,,,,\n"
    "single,Нет верного,,,,Да|Нет\n"
    "single,Плохие баллы,,0,,*Да|Нет\n"
)


def upload(client, category, content: str | bytes, name="questions.gift", fmt=""):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse(INDEX),
        {
            "category": category.pk,
            "format": fmt,
            "file": SimpleUploadedFile(name, raw, content_type="text/plain"),
        },
    )


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def test_upload_preview_confirm_imports_every_question_once(superuser_client, category):
    form = superuser_client.get(reverse(INDEX) + f"?category={category.pk}")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()

    preview = upload(superuser_client, category, GIFT)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Кто может стать волонтёром?" in html
    assert "Сәйкестендіріңіз:" in html and "үш" in html
    assert not Question.objects.exists()  # a preview imports nothing

    payload = payload_of(preview)
    done = superuser_client.post(reverse(CONFIRM), {"payload": payload})
    listing = reverse("wagtailsnippets_assessments_question:list")
    assert done.status_code == 302
    assert done.url == f"{listing}?category={category.pk}&locale=ru"
    assert messages_of(done) == [imported(3)]
    assert list(
        Question.objects.filter(category=category).values_list("kind", flat=True)
    ) == ["single", "true_false", "matching"]

    # A second click on "Import" (or the back button and again) imports nothing.
    again = superuser_client.post(reverse(CONFIRM), {"payload": payload})
    assert again.status_code == 302
    assert str(bank.MSG_ALREADY_IMPORTED) in messages_of(again)
    assert Question.objects.count() == 3

    page = superuser_client.get(done.url)
    assert page.status_code == 200
    assert reverse(INDEX) + f"?category={category.pk}" in page.content.decode()


def test_invalid_file_shows_every_error_line_and_cannot_be_imported(
    superuser_client, category
):
    preview = upload(superuser_client, category, BAD_CSV, name="вопросы.csv")
    assert preview.status_code == 200
    html = preview.content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td>", html)
    assert rows == ["3", "4", "5"]
    assert (
        ngettext(
            "The file has %(counter)s problem. Nothing has been imported and nothing "
            "can be imported until the whole file is correct.",
            "The file has %(counter)s problems. Nothing has been imported and nothing "
            "can be imported until the whole file is correct.",
            3,
        )
        % {"counter": 3}
        in html
    )
    assert 'name="payload"' not in html
    assert reverse(CONFIRM) not in html
    assert not Question.objects.exists()


def test_a_forged_or_changed_payload_imports_nothing(superuser_client, category):
    payload = payload_of(upload(superuser_client, category, GIFT))
    response = superuser_client.post(reverse(CONFIRM), {"payload": payload[:-2] + "xx"})
    assert response.status_code == 302
    assert response.url == reverse(INDEX)
    assert messages_of(response) == [str(forms.MSG_PREVIEW_INVALID)]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "fmt", "message"),
    [
        ("Вопрос? {T}".encode("cp1251"), "q.gift", "", forms.MSG_NOT_UTF8),
        ("Вопрос? {T}", "q.docx", "", forms.MSG_FORMAT_UNKNOWN),
        ("   \n", "q.gift", "", forms.MSG_EMPTY_FILE),
    ],
)
def test_unreadable_uploads_redisplay_the_form_with_a_message(
    superuser_client, category, content, name, fmt, message
):
    response = upload(superuser_client, category, content, name=name, fmt=fmt)
    assert response.status_code == 200
    assert str(message) in response.content.decode().replace("&#x27;", "'").replace(
        "&quot;", '"'
    )
    assert not Question.objects.exists()


def test_too_large_upload_is_refused(superuser_client, category, monkeypatch):
    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
    response = upload(superuser_client, category, "Вопрос? {T}")
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert error.startswith(str(forms.MSG_TOO_LARGE).split(":")[0])
    assert 'name="payload"' not in response.content.decode()


def test_file_without_questions_says_so(superuser_client, category):
    response = upload(superuser_client, category, "// только комментарий\n")
    assert response.status_code == 200
    assert (
        gettext("The file has no questions: there is nothing to import.")
        in response.content.decode()
    )
    assert 'name="payload"' not in response.content.decode()


def test_csv_chosen_explicitly_for_a_txt_file(superuser_client, category):
    csv = "type;question;answers\nshort;Столица?;Астана\n"
    preview = upload(superuser_client, category, csv, name="вопросы.txt", fmt="csv")
    done = preview.client.post(reverse(CONFIRM), {"payload": payload_of(preview)})
    assert messages_of(done) == [imported(1)]
    assert Question.objects.get().accepted_answers[0].value["text"] == "Астана"


def test_content_editor_may_import(client, category, editor):
    client.force_login(editor)
    preview = upload(client, category, GIFT)
    done = client.post(reverse(CONFIRM), {"payload": payload_of(preview)})
    assert done.status_code == 302
    assert Question.objects.count() == 3


def test_admin_user_without_the_add_permission_is_turned_away(client, category):
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_question"),
    )
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    response = upload(client, category, GIFT)
    assert response.status_code in (302, 403)
    assert not Question.objects.exists()
    listing = client.get(reverse("wagtailsnippets_assessments_question:list"))
    assert reverse(INDEX) not in listing.content.decode()


def test_learner_cannot_reach_the_import(learner_client, category):
    response = learner_client.get(reverse(INDEX))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
