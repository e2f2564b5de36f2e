"""The journeys of the load benchmark, by the names their requests carry (bench/locustfile.py, bench/load.py)."""

BARE = "bare view"
BROWSE = "browse lists"
OPEN_REVIEW = "open a review"
DOWNLOAD = "download a document"
SAVE_DRAFT = "save an assessment draft"
RENDER_ASK = "render a letter: ask"
RENDER_POLL = "render a letter: status poll"
RENDER_READY = "render a letter: until ready"

# In the order they are reported; the 500 ms goal is about page views.
JOURNEYS = (BROWSE, OPEN_REVIEW, DOWNLOAD, SAVE_DRAFT, RENDER_ASK, RENDER_POLL, RENDER_READY)
PAGE_VIEWS = (BROWSE, OPEN_REVIEW)

# Seconds a simulated person waits between requests (reading the page), and a drafter between letters.
THINK_SECONDS = (2, 6)
DRAFT_READING_SECONDS = (20, 40)
