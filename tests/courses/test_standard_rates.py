"""Acknowledgement rates of the Standard per region, for admins: national admins see
every region, a regional admin their own; a drill-down lists each region's people
with the latest version they acknowledged. Fixed query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from people.models import Region
from people.roles import Role
from tests.factories import OrganizationFactory, staff_member

from .helpers import page_text, ru, ru_date
from .standard_helpers import V2, standard_create, standard_publish

pytestmark = pytest.mark.django_db

RATES_URL = "/ru/manage/standard/"


@pytest.fixture
def world(catalog_page, regional_office, other_regional_office):
    """Almaty: one staff member acknowledged version 2, one version 1 only, one never,
    and a leader (not in the Standard's roles). Astana: one acknowledged version 2,
    one never."""
    page = standard_create(catalog_page, roles=[Role.STAFF])
    people = {
        name: staff_member(Role.STAFF, organization=office, full_name=name)
        for name, office in [
            ("Алия (v2)", regional_office),
            ("Болат (v1)", regional_office),
            ("Вера (никогда)", regional_office),
            ("Гани (v2)", other_regional_office),
            ("Дина (никогда)", other_regional_office),
        ]
    }
    staff_member(Role.LEADER, organization=regional_office, full_name="Лидер")
    services.standard_acknowledge(user=people["Болат (v1)"], page=page, number=1)
    page = standard_publish(page, sections=V2)
    for name in ("Алия (v2)", "Гани (v2)"):
        services.standard_acknowledge(user=people[name], page=page, number=2)
    return page, people


def rows_of(html: str) -> dict[str, list[str]]:
    """The table's rows: the region's name -> its cells."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", row, re.S)[1])
        rows[name.strip()] = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
    return rows


def test_rates_per_region_count_current_older_and_never(
    national_admin_client, world, region, other_region
):
    html = page_text(national_admin_client.get(RATES_URL))

    rows = rows_of(html)
    assert rows[region.name] == ["3", "1", "1", "1", "33%"]
    assert rows[other_region.name] == ["2", "1", "0", "1", "50%"]
    assert len(rows) == Region.objects.count() == 20
    empty = next(name for name in rows if name not in (region.name, other_region.name))
    assert rows[empty] == ["0", "0", "0", "0", "—"]
    assert ru("Total") in html


def test_a_regional_admin_sees_only_their_region(
    client, regional_admin, other_regional_admin, world, region, other_region
):
    client.force_login(other_regional_admin)

    rows = rows_of(page_text(client.get(RATES_URL)))

    assert rows == {other_region.name: ["2", "1", "0", "1", "50%"]}
    assert client.get(f"{RATES_URL}regions/{region.pk}/").status_code == 404, (
        "another region's people"
    )
    assert client.get(f"{RATES_URL}regions/0/").status_code == 404


def test_learners_may_not_see_rates(learner_client, world):
    assert learner_client.get(RATES_URL).status_code == 403


def test_the_drill_down_lists_people_with_their_latest_version_and_date(
    regional_admin_client, world, region
):
    page, people = world
    response = regional_admin_client.get(f"{RATES_URL}regions/{region.pk}/")

    html = page_text(response)
    assert response.status_code == 200
    assert "Алия (v2)" in html and "Болат (v1)" in html and "Вера (никогда)" in html
    assert "Гани" not in html and "Лидер" not in html
    boris = people["Болат (v1)"].standard_acknowledgements.get()
    # The name, then (for admins) the link to the person's learner record.
    name_end = r"</a>(?: <a class=\"record-link\"[^>]*>.*?</a>)?</th>"
    assert re.search(
        r"Болат \(v1\)"
        + name_end
        + r"\s*<td>1</td>\s*<td>"
        + re.escape(ru_date(boris.acknowledged_at)),
        html,
    )
    assert re.search(r"Вера \(никогда\)" + name_end + r"\s*<td>" + ru("never"), html)


def test_the_standard_page_links_admins_to_the_rates(
    client, regional_admin, learner, world
):
    page, _people = world
    client.force_login(regional_admin)
    admin_html = page_text(client.get(page.url))
    client.force_login(learner)
    learner_html = page_text(client.get(page.url))

    assert f'href="{RATES_URL}?standard={page.pk}"' in admin_html
    assert RATES_URL not in learner_html


def test_rates_read_a_fixed_number_of_queries_whatever_the_people_and_regions(
    national_admin_client, world, django_assert_max_num_queries
):
    page, _people = world

    def count() -> int:
        national_admin_client.get(RATES_URL)
        with CaptureQueriesContext(connection) as queries:
            assert national_admin_client.get(RATES_URL).status_code == 200
        return len(queries)

    few = count()
    for code in ("KZ-10", "KZ-11", "KZ-15"):
        office = OrganizationFactory(region=Region.objects.get(iso_code=code))
        for _n in range(4):
            person = staff_member(Role.STAFF, organization=office)
            services.standard_acknowledge(user=person, page=page, number=2)

    assert count() == few


def test_the_drill_down_reads_a_fixed_number_of_queries(
    regional_admin_client, regional_office, world, region
):
    page, _people = world
    url = f"{RATES_URL}regions/{region.pk}/"

    def count() -> int:
        regional_admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            regional_admin_client.get(url)
        return len(queries)

    few = count()
    for _n in range(10):
        person = staff_member(Role.STAFF, organization=regional_office)
        services.standard_acknowledge(user=person, page=page, number=2)

    assert count() == few


def test_the_selector_counts_people_once_whatever_their_positions(
    national_admin, world, region, other_regional_office
):
    page, people = world
    # A second STAFF position of the same person in another region's office.
    from people.services import position_start

    position_start(
        user=people["Алия (v2)"], organization=other_regional_office, role=Role.STAFF
    )

    rows, total = selectors.standard_rates_by_region(viewer=national_admin, page=page)

    by_region = {row.region: row for row in rows}
    assert by_region[region].people == 3
    assert total.people == 5


def test_the_rates_page_says_when_no_standard_is_published(national_admin_client):
    response = national_admin_client.get(RATES_URL)

    assert response.status_code == 200
    assert ru("No Standard of volunteer support is published yet.") in page_text(
        response
    )
