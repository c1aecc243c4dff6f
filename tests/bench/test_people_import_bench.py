"""bench/people_import.py builds its own file of people. These tests keep it in step
with the import, so a change of columns or rules fails here rather than as a broken
benchmark run."""

import importlib.util
from pathlib import Path

import pytest

from people.importing import people_file_read, people_import_plan

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parents[2] / "bench" / "people_import.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_people_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_file_is_valid_and_a_tenth_of_it_is_already_there(bench, region):
    bench.ROWS = 40
    admin, rows = bench.build()
    for raw in (bench.csv_bytes(rows), bench.xlsx_bytes(rows)):
        parsed, problems = people_file_read(raw)
        assert problems == []
        plan = people_import_plan(rows=parsed, actor=admin)
        assert plan.errors == []
        assert plan.counts["people_created"] == 36
        assert plan.counts["people_updated"] == 4
        assert plan.counts["positions_created"] == 40
