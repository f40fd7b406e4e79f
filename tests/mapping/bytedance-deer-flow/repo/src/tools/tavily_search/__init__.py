from .tavily_search_api_wrapper import EnhancedTavilySearchAPIWrapper
from .tavily_search_results_with_images import TavilySearchResultsWithImages

__all__ = ["EnhancedTavilySearchAPIWrapper", "TavilySearchResultsWithImages"]
