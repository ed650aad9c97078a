"""Text -> facts: the header, citations, deadlines and targets of a document."""
