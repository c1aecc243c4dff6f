"""Lesson body blocks: every type renders; videos respect privacy and always have text."""

import re

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import LessonStreamBlock, VideoBlock, video_embed_url
from tests.factories.courses import (
    LessonFactory,
    document_create,
    image_create,
    lesson_body,
)

pytestmark = pytest.mark.django_db

YOUTUBE_ID = "dQw4w9WgXcQ"
TRANSCRIPT = "<p>Расшифровка: волонтёр представляется и спрашивает разрешения.</p>"


def video(url: str = "", file=None, **extra) -> dict:
    return {
        "title": "Первый визит",
        "file": file,
        "url": url,
        "minutes": 4,
        "transcript": TRANSCRIPT,
        **extra,
    }


def render(block_type: str, value: dict) -> str:
    block = LessonStreamBlock().child_blocks[block_type]
    return block.render(block.to_python(value))


@pytest.fixture
def every_block_lesson(course):
    image = image_create(title="Схема маршрута")
    document = document_create(title="Памятка волонтёра", name="memo.pdf")
    return LessonFactory(
        parent=course,
        title="Все блоки",
        body=lesson_body(
            ("heading", {"text": "Раздел урока", "level": "h2"}),
            ("heading", {"text": "Подраздел", "level": "h3"}),
            ("text", "<p>Обычный текст урока.</p>"),
            (
                "image",
                {
                    "image": {
                        "image": image.pk,
                        "decorative": False,
                        "alt_text": "Маршрут к хоспису",
                    },
                    "caption": "Маршрут",
                },
            ),
            ("video", video(url=f"https://www.youtube.com/watch?v={YOUTUBE_ID}")),
            ("video", video(file=document.pk, title="Запись на платформе")),
            (
                "document",
                {"document": document.pk, "title": "", "description": "Две страницы"},
            ),
            (
                "callout",
                {"kind": "warning", "title": "Важно", "text": "<p>Не один</p>"},
            ),
            ("checklist", {"title": "Что взять", "items": ["Бейдж", "Воду"]}),
            ("key_points", {"title": "Главное", "items": ["Согласие", "Такт"]}),
            (
                "case",
                {
                    "title": "Отказ от помощи",
                    "situation": "<p>Пожилой человек отказывается.</p>",
                    "question": "Что делать?",
                    "answer": "<p>Уважать решение и сообщить координатору.</p>",
                },
            ),
        ),
    )


def test_every_lesson_block_type_renders_on_the_lesson_page(
    enrolled_client, every_block_lesson
):
    response = enrolled_client.get(every_block_lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    used = {block.block_type for block in every_block_lesson.body}
    assert used == set(LessonStreamBlock().child_blocks)
    assert "<h2>Раздел урока</h2>" in html
    assert "<h3>Подраздел</h3>" in html
    assert "Обычный текст урока." in html
    assert 'alt="Маршрут к хоспису"' in html
    assert "<figcaption>Маршрут</figcaption>" in html
    assert f"youtube-nocookie.com/embed/{YOUTUBE_ID}" in html
    assert '<video controls preload="none"' in html
    assert "Памятка волонтёра" in html and "Две страницы" in html
    assert "callout callout--warning" in html and "<strong>Важно</strong>" in html
    assert "<li>Бейдж</li>" in html and "<li>Воду</li>" in html
    assert "<li>Согласие</li>" in html
    assert "Отказ от помощи" in html
    assert "<iframe" not in html


def test_youtube_video_becomes_a_nocookie_embed_address_without_an_iframe():
    html = render("video", video(url=f"https://youtu.be/{YOUTUBE_ID}"))

    assert (
        f'data-embed-src="https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"' in html
    )
    assert "<iframe" not in html
    assert "data-video-load" in html  # the learner asks for the player
    assert f'href="https://youtu.be/{YOUTUBE_ID}"' in html


def test_video_always_has_its_transcript():
    for value in (
        video(url=f"https://www.youtube.com/watch?v={YOUTUBE_ID}"),
        video(url="https://vimeo.com/76979871"),
        video(url="https://example.org/video-page"),
    ):
        html = render("video", value)
        assert re.search(
            r'<details class="video__transcript">\s*<summary>.+</summary>\s*'
            r'<div class="rich-text">.*Расшифровка: волонтёр представляется',
            html,
            re.DOTALL,
        ), value["url"]


def test_self_hosted_video_is_not_preloaded_and_can_be_downloaded():
    document = document_create(title="Ролик", name="visit.mp4")

    html = render("video", video(file=document.pk))

    assert f'<video controls preload="none" src="{document.url}"' in html
    assert f'href="{document.url}" download' in html
    assert "Расшифровка" in html


def test_video_on_another_site_is_a_plain_link():
    html = render("video", video(url="https://example.org/video-page"))

    assert 'href="https://example.org/video-page"' in html
    assert "data-embed-src" not in html
    assert "<iframe" not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=42",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (
            f"https://m.youtube.com/watch?v={YOUTUBE_ID}",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (
            f"https://youtu.be/{YOUTUBE_ID}?si=abc",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (
            f"https://www.youtube.com/shorts/{YOUTUBE_ID}",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        (
            f"https://www.youtube.com/embed/{YOUTUBE_ID}",
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.youtube.com/watch?v=not-an-id", None),
        ("https://example.org/watch?v=dQw4w9WgXcQ", None),
        ("", None),
    ],
)
def test_video_embed_url(url, expected):
    assert video_embed_url(url) == expected


def test_video_needs_a_file_or_an_address():
    block = VideoBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python(video()))


def test_case_answer_is_inside_details():
    html = render(
        "case",
        {
            "title": "Отказ от помощи",
            "situation": "<p>Ситуация.</p>",
            "question": "Что делать?",
            "answer": "<p>Ответ эксперта.</p>",
        },
    )

    assert re.search(
        r'<details class="case__answer">\s*<summary>.+</summary>\s*'
        r'<div class="rich-text"><p>Ответ эксперта.</p></div>\s*</details>',
        html,
        re.DOTALL,
    )
    assert html.index("Что делать?") < html.index("<details")


def test_figure_renders_a_webp_rendition_with_alt_text():
    image = image_create()

    html = render(
        "image",
        {
            "image": {"image": image.pk, "decorative": False, "alt_text": "Схема"},
            "caption": "",
        },
    )

    assert re.search(r'<img src="[^"]+\.webp"', html)
    assert 'alt="Схема"' in html
    assert 'loading="lazy"' in html
    assert "<figcaption>" not in html


def _srcset_widths(html: str) -> list[int]:
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    return [
        int(re.fullmatch(r"\S+\.webp (\d+)w", c.strip()).group(1))
        for c in srcset.split(",")
    ]


def test_figure_offers_a_phone_a_small_rendition_and_loads_lazily():
    image = image_create(size=(1600, 1200))

    html = render(
        "image",
        {
            "image": {"image": image.pk, "decorative": False, "alt_text": "Схема"},
            "caption": "Подпись",
        },
    )

    # A 360 px phone gets a 400 px image, not the 800 px one sent to every screen.
    assert _srcset_widths(html) == [400, 800, 1200]
    assert re.search(r'sizes="[^"]*100vw[^"]*"', html)
    assert re.search(r'<img src="[^"]+width-400\.format-webp\.webp"', html)
    # Its box is known before it arrives (no layout shift), and it loads when needed.
    assert 'width="400" height="300"' in html
    assert 'loading="lazy"' in html and 'decoding="async"' in html


def test_figure_lists_each_rendition_width_once_for_a_narrow_original():
    image = image_create()  # 640 px wide: the 800 and 1200 renditions are 640 px

    html = render(
        "image",
        {
            "image": {"image": image.pk, "decorative": True, "alt_text": ""},
            "caption": "",
        },
    )

    assert _srcset_widths(html) == [400, 640]


def test_document_block_links_to_the_file_with_its_type_and_size():
    document = document_create(title="Памятка", name="memo.pdf")

    html = render("document", {"document": document.pk, "title": "", "description": ""})

    assert f'href="{document.url}" download>Памятка</a>' in html
    assert "(PDF," in html


@pytest.mark.parametrize("kind", ["note", "warning", "safety"])
def test_callout_renders_each_kind(kind):
    html = render("callout", {"kind": kind, "title": "", "text": "<p>Текст</p>"})

    assert f"callout callout--{kind}" in html
    assert "<p>Текст</p>" in html


def test_decorative_figure_has_an_empty_alt_text():
    image = image_create(title="Орнамент")

    html = render(
        "image",
        {
            "image": {"image": image.pk, "decorative": True, "alt_text": "Орнамент"},
            "caption": "",
        },
    )

    assert 'alt=""' in html
