"""sitrep: articles about the war in Syria in, a cross-linked report site out.

Data flows articles/ -> ingest -> extract -> aggregate -> render -> mkdocs.
"""

__version__ = "0.1.0"
