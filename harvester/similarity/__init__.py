"""Answer similarity: copied passages across groups and past cohorts, shown side by side.

Entry point: `run_similarity(layout, past=[...])` (run by `harvester harvest` after parse, or
alone as `harvester similarity OUT`). Export reads what it wrote through `read_pairs`,
`group_flags` and `write_similarity_sheet`; nothing else here is public.
"""

from harvester.similarity.files import read_pairs
from harvester.similarity.stage import SimilarityError, SimilarityResult, run_similarity

__all__ = ["SimilarityError", "SimilarityResult", "read_pairs", "run_similarity"]
