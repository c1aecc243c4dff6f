"""Checks demo quiz and assignment files (YAML) before they are loaded; usable without
Django: python assessments/demo/schema.py assessments/demo/quizzes/*.yaml"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.demo import check_html, check_slug, check_text  # noqa: E402

KINDS = {
    "single",
    "multiple",
    "true_false",
    "short",
    "matching",
    "ordering",
    "numerical",
}
REVIEW = {"score", "answers", "correct"}
REVIEW_WHEN = {"immediately", "after_pass", "after_last"}
TEXT_ANSWER = {"none", "optional", "required"}
MIN_QUESTIONS = 8


def _int(value, where: str, errors: list[str], low: int, high: int) -> None:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not low <= value <= high
    ):
        errors.append(f"{where}: expected a whole number from {low} to {high}")


def _number(value, where: str, errors: list[str]) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        errors.append(f"{where}: expected a number")


def check_numbers(q, where: str, errors: list[str], *, translation: bool) -> None:
    """numbers: [{number, tolerance} or {min, max}, weight (0-100), feedback]; a
    translation gives only the feedback, for as many answers."""
    numbers = q.get("numbers")
    if not isinstance(numbers, list) or not numbers:
        errors.append(f"{where}.numbers: expected a non-empty list")
        return
    for i, answer in enumerate(numbers):
        at = f"{where}.numbers[{i}]"
        if not isinstance(answer, dict):
            errors.append(f"{at}: expected a mapping")
            continue
        if answer.get("feedback") is not None:
            check_text(answer["feedback"], f"{at}.feedback", errors, 500)
        if translation:
            continue
        if "number" in answer:
            _number(answer["number"], f"{at}.number", errors)
            if "tolerance" in answer:
                _number(answer["tolerance"], f"{at}.tolerance", errors)
        elif "min" in answer or "max" in answer:
            _number(answer.get("min"), f"{at}.min", errors)
            _number(answer.get("max"), f"{at}.max", errors)
        else:
            errors.append(f"{at}: expected number (and tolerance) or min and max")
        if "weight" in answer:
            _int(answer["weight"], f"{at}.weight", errors, 0, 100)
    if not translation and not any(
        isinstance(a, dict) and a.get("weight", 100) == 100 for a in numbers
    ):
        errors.append(f"{where}.numbers: give one answer the weight 100")


def check_question(q, where: str, errors: list[str], *, translation: bool) -> None:
    if not isinstance(q, dict):
        errors.append(f"{where}: expected a mapping")
        return
    kind = q.get("kind")
    if kind not in KINDS and not translation:
        errors.append(f"{where}.kind: one of {sorted(KINDS)}")
        return
    check_text(q.get("text"), f"{where}.text", errors, 1000)
    check_text(q.get("explanation"), f"{where}.explanation", errors, 1000)
    if "points" in q:
        _int(q["points"], f"{where}.points", errors, 1, 100)
    if kind in ("single", "multiple") or (translation and "choices" in q):
        choices = q.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            errors.append(f"{where}.choices: expected at least two choices")
            return
        for i, choice in enumerate(choices):
            if not isinstance(choice, dict):
                errors.append(f"{where}.choices[{i}]: expected a mapping")
                continue
            check_text(choice.get("text"), f"{where}.choices[{i}].text", errors, 500)
            if choice.get("feedback") is not None:
                check_text(
                    choice["feedback"], f"{where}.choices[{i}].feedback", errors, 500
                )
        if not translation:
            correct = [c for c in choices if isinstance(c, dict) and c.get("correct")]
            if kind == "single" and len(correct) != 1:
                errors.append(
                    f"{where}.choices: a single choice needs exactly one correct"
                )
            if kind == "multiple" and not correct:
                errors.append(f"{where}.choices: mark at least one choice correct")
    elif kind == "true_false" and not translation:
        if not isinstance(q.get("answer"), bool):
            errors.append(f"{where}.answer: expected true or false")
    elif kind == "short" or (translation and "accepted" in q):
        accepted = q.get("accepted")
        if not isinstance(accepted, list) or not accepted:
            errors.append(f"{where}.accepted: expected a non-empty list")
        else:
            for i, answer in enumerate(accepted):
                check_text(str(answer), f"{where}.accepted[{i}]", errors, 200)
    elif kind == "matching" or (translation and "pairs" in q):
        pairs = q.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2:
            errors.append(f"{where}.pairs: expected at least two pairs")
        else:
            for i, pair in enumerate(pairs):
                if not isinstance(pair, list) or len(pair) != 2:
                    errors.append(f"{where}.pairs[{i}]: expected [item, match]")
                    continue
                # An empty item ("") makes an extra match, offered in every row.
                if pair[0] != "":
                    check_text(pair[0], f"{where}.pairs[{i}][0]", errors, 300)
                check_text(pair[1], f"{where}.pairs[{i}][1]", errors, 300)
            prompts = [p[0] for p in pairs if isinstance(p, list) and p and p[0]]
            if len(set(prompts)) != len(prompts):
                errors.append(f"{where}.pairs: items must differ")
            if len(prompts) < 2:
                errors.append(f"{where}.pairs: expected at least two with an item")
    elif kind == "numerical" or (translation and "numbers" in q):
        check_numbers(q, where, errors, translation=translation)
    elif kind == "ordering" or (translation and "steps" in q):
        steps = q.get("steps")
        if not isinstance(steps, list) or len(steps) < 2:
            errors.append(f"{where}.steps: expected at least two steps")
        else:
            for i, step in enumerate(steps):
                check_text(step, f"{where}.steps[{i}]", errors, 300)


def check_quiz(data, source: str, *, translation: bool = False) -> list[str]:
    """Every problem found in one quiz file (empty when valid)."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return [f"{source}: expected a mapping with course, category, quiz, questions"]
    check_slug(data.get("course"), f"{source}: course", errors)
    check_text(data.get("category"), f"{source}: category", errors, 200)
    quiz = data.get("quiz")
    if not isinstance(quiz, dict):
        errors.append(f"{source}: quiz: expected a mapping")
        quiz = {}
    if not translation:
        check_slug(quiz.get("slug"), f"{source}: quiz.slug", errors)
    check_text(quiz.get("title"), f"{source}: quiz.title", errors, 120)
    check_html(quiz.get("intro"), f"{source}: quiz.intro", errors)
    if not translation:
        _int(quiz.get("minutes"), f"{source}: quiz.minutes", errors, 1, 600)
        _int(quiz.get("pass_mark"), f"{source}: quiz.pass_mark", errors, 1, 100)
        _int(quiz.get("attempts"), f"{source}: quiz.attempts", errors, 0, 100)
        _int(
            quiz.get("cooldown_minutes", 0),
            f"{source}: quiz.cooldown_minutes",
            errors,
            0,
            43200,
        )
        if "time_limit_minutes" in quiz:
            _int(
                quiz["time_limit_minutes"],
                f"{source}: quiz.time_limit_minutes",
                errors,
                1,
                600,
            )
        _int(
            quiz.get("questions_per_page"),
            f"{source}: quiz.questions_per_page",
            errors,
            1,
            50,
        )
        if quiz.get("review") not in REVIEW:
            errors.append(f"{source}: quiz.review: one of {sorted(REVIEW)}")
        if quiz.get("review_when") not in REVIEW_WHEN:
            errors.append(f"{source}: quiz.review_when: one of {sorted(REVIEW_WHEN)}")
        if "draw" in quiz:
            _int(quiz["draw"], f"{source}: quiz.draw", errors, 0, 200)
    questions = data.get("questions")
    if not isinstance(questions, list) or len(questions) < MIN_QUESTIONS:
        errors.append(f"{source}: questions: expected at least {MIN_QUESTIONS}")
        return errors
    for i, question in enumerate(questions):
        check_question(
            question, f"{source}: questions[{i}]", errors, translation=translation
        )
    if not translation:
        kinds = {q.get("kind") for q in questions if isinstance(q, dict)}
        if len(kinds) < 3:
            errors.append(f"{source}: questions: use at least three kinds of question")
    return errors


def check_translation_matches(source: dict, translation: dict, name: str) -> list[str]:
    """A Kazakh file has the same questions, choices, pairs and steps, in order."""
    errors: list[str] = []
    src, tr = source.get("questions") or [], translation.get("questions") or []
    if len(src) != len(tr):
        return [f"{name}: {len(tr)} questions, the Russian file has {len(src)}"]
    for i, (s, t) in enumerate(zip(src, tr, strict=True)):
        for field in ("choices", "pairs", "steps", "numbers"):
            if field in s and len(t.get(field) or []) != len(s[field]):
                errors.append(
                    f"{name}: questions[{i}].{field}: count differs from Russian"
                )
        if "kind" in t and t["kind"] != s.get("kind"):
            errors.append(f"{name}: questions[{i}].kind differs from Russian")
    return errors


def check_assignment(data, source: str) -> list[str]:
    """Every problem found in one assignment file."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("assignment"), dict):
        return [f"{source}: expected course and assignment"]
    check_slug(data.get("course"), f"{source}: course", errors)
    if "before" in data:
        check_slug(data["before"], f"{source}: before", errors)
    a = data["assignment"]
    check_slug(a.get("slug"), f"{source}: assignment.slug", errors)
    check_text(a.get("title"), f"{source}: assignment.title", errors, 120)
    check_html(a.get("instructions"), f"{source}: assignment.instructions", errors)
    _int(a.get("minutes"), f"{source}: assignment.minutes", errors, 1, 6000)
    if a.get("text_answer") not in TEXT_ANSWER:
        errors.append(f"{source}: assignment.text_answer: one of {sorted(TEXT_ANSWER)}")
    _int(a.get("max_file_mb"), f"{source}: assignment.max_file_mb", errors, 1, 100)
    _int(a.get("max_files"), f"{source}: assignment.max_files", errors, 0, 20)
    rubric = a.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        errors.append(f"{source}: assignment.rubric: expected a list of criteria")
        return errors
    for i, criterion in enumerate(rubric):
        where = f"{source}: assignment.rubric[{i}]"
        if not isinstance(criterion, dict):
            errors.append(f"{where}: expected a mapping")
            continue
        check_text(criterion.get("title"), f"{where}.title", errors, 200)
        levels = criterion.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            errors.append(f"{where}.levels: expected at least two levels")
            continue
        for j, level in enumerate(levels):
            if not isinstance(level, dict):
                errors.append(f"{where}.levels[{j}]: expected a mapping")
                continue
            check_text(level.get("label"), f"{where}.levels[{j}].label", errors, 100)
            _int(level.get("points"), f"{where}.levels[{j}].points", errors, 0, 100)
    return errors


def load_and_check(path: Path) -> tuple[dict | None, list[str]]:
    """Parse one file and check it by its kind (its folder) and language (.kk.yaml)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: not valid YAML: {exc}"]
    if path.parent.name == "assignments":
        return data, check_assignment(data, path.name)
    translation = path.name.endswith(".kk.yaml")
    errors = check_quiz(data, path.name, translation=translation)
    if translation and not errors:
        source_path = path.with_name(path.name.replace(".kk.yaml", ".yaml"))
        if not source_path.exists():
            errors.append(f"{path.name}: no Russian file {source_path.name}")
        else:
            source = yaml.safe_load(source_path.read_text(encoding="utf-8"))
            errors += check_translation_matches(source, data, path.name)
    return data, errors


def main(paths: list[str]) -> int:
    problems = []
    for name in paths:
        _data, errors = load_and_check(Path(name))
        problems += errors
    for problem in problems:
        print(problem)  # noqa: T201
    print(f"{len(paths)} files, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
