"""sitrep: articles about the war in Syria in, a cross-linked report site out.

Data flows through the packages in this order (:mod:`generator.pipeline` runs them):
articles/ -> ingest -> extract (through cache) -> events -> pages -> publish -> docs/,
then MkDocs. Shared by all: model, contract, knowledge, safety, and the data files.
"""

__version__ = "0.1.0"
