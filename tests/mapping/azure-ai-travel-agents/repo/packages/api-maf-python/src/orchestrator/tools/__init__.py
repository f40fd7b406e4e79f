"""Tools package for orchestrator."""

from .tool_config import MCP_TOOLS_CONFIG, McpServerName
from .tool_registry import tool_registry

__all__ = ["MCP_TOOLS_CONFIG", "McpServerName", "tool_registry"]
