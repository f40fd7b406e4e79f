"""Orchestration layer for Microsoft Agent Framework workflows."""

from .magentic_workflow import magentic_orchestrator

__all__ = [
    "magentic_orchestrator",
]
