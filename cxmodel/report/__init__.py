"""Gap reports: the analysis of a workspace as HTML, Markdown, JSON or CSV."""
