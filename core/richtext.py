"""The rich-text features editors get in every rich-text field and block of the site
(page introductions, lesson text, quiz and assignment instructions): headings below
the page's own, emphasis, lists, links to pages and documents. One list, so every app's
content reads and is checked alike (courses/demo/schema.py checks demo HTML against
the same tags)."""

RICH_TEXT_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "hr",
]
