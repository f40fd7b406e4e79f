# Copyright (c) 2025 Bytedance Ltd. and/or its affiliates
# SPDX-License-Identifier: MIT

from .builder import build_graph_with_memory, build_graph

__all__ = [
    "build_graph_with_memory",
    "build_graph",
]
