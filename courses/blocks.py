"""StreamField blocks of lesson bodies."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.richtext import RICH_TEXT_FEATURES


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("note", _("Note")),
            ("warning", _("Warning")),
            ("safety", _("Safety rule")),
        ],
        default="note",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"


class ListWithTitleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=500), label=_("Items")
    )


class ChecklistBlock(ListWithTitleBlock):
    class Meta:
        icon = "tick-inverse"
        label = _("Checklist")
        template = "blocks/checklist_block.html"


class KeyPointsBlock(ListWithTitleBlock):
    class Meta:
        icon = "pick"
        label = _("Key points")
        template = "blocks/key_points_block.html"


class CaseBlock(blocks.StructBlock):
    """A situation from practice with a question; the answer is shown on request."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.RichTextBlock(label=_("Situation"), features=RICH_TEXT_FEATURES)
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Case from practice")
        template = "blocks/case_block.html"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def video_embed_url(url: str) -> str | None:
    """A privacy-friendly embed address for YouTube and Vimeo links, built without
    asking the provider (no oEmbed request leaves the platform)."""
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtu.be":
        video_id = parsed.path.lstrip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    if video_id and YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host == "vimeo.com" and parsed.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parsed.path.strip('/')}?dnt=1"
    return None


class VideoBlock(blocks.StructBlock):
    """A video, self-hosted or on a video site, always with a transcript for slow connections.

    An external player is loaded only when the learner asks for it."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    file = DocumentChooserBlock(
        label=_("Video file"),
        required=False,
        help_text=_("An MP4 or WebM file kept on the platform."),
    )
    url = blocks.URLBlock(
        label=_("Video address"),
        required=False,
        help_text=_("A YouTube or Vimeo link, or any page with the video."),
    )
    minutes = blocks.IntegerBlock(
        label=_("Length, minutes"), required=False, min_value=1
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), features=RICH_TEXT_FEATURES
    )

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("file") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "url": ErrorList(
                        [ValidationError(_("Give a video file or an address."))]
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value.get("url") or "")
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    description = blocks.CharBlock(
        label=_("Description"), required=False, max_length=300
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "blocks/document_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/text_block.html"
    )
    image = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    key_points = KeyPointsBlock()
    case = CaseBlock()


# The Standard of volunteer support: sections with stable anchors
# ------------------------------------------------------------------------------

ANCHOR_RE = re.compile(r"^[a-z][a-z0-9-]{0,49}$")
MSG_ANCHOR_FORMAT = _(
    "Use 1 to 50 lowercase Latin letters, digits and hyphens, starting with a letter."
)
MSG_ANCHOR_DUPLICATE = _("Another section of this page has the same anchor.")


class StandardSectionBlock(blocks.StructBlock):
    """A section of the Standard. Its anchor is set once and kept across versions:
    it is the section's address (#anchor) and what a diff matches sections by."""

    anchor = blocks.CharBlock(
        label=_("Anchor"),
        max_length=50,
        help_text=_(
            "The section's address on the page, e.g. principles. Set it once and do "
            "not change it: versions are compared section by section through it."
        ),
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Section")

    def clean(self, value):
        value = super().clean(value)
        if not ANCHOR_RE.match(value.get("anchor") or ""):
            raise StructBlockValidationError(
                block_errors={"anchor": ErrorList([ValidationError(MSG_ANCHOR_FORMAT)])}
            )
        return value


class StandardSectionsBlock(blocks.StreamBlock):
    """The sections of the Standard; anchors are unique within the page."""

    section = StandardSectionBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        seen: set[str] = set()
        errors = {}
        for index, child in enumerate(value):
            anchor = child.value.get("anchor")
            if anchor in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ErrorList([ValidationError(MSG_ANCHOR_DUPLICATE)])
                    }
                )
            seen.add(anchor)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value
